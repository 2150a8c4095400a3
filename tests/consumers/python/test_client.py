"""A client made by openapi-python-client from bereke.openapi.json, with no
hand-written HTTP code, pays and refunds an order on a bereke-sandbox."""

import uuid

from bereke_client import Client
from bereke_client.types import UNSET
from bereke_client.api.default import (
    get_order_status_extended,
    payment_order,
    refund,
    register,
)
from bereke_client.models import (
    GetOrderStatusExtendedBody,
    OrderStatusKnown,
    PaymentOrderBody,
    RefundBody,
    RegisterBody,
)

# The sandbox knows the document's merchant and SSL test card.
LOGIN = {"user_name": "test_user", "password": "test_user_password"}
SSL_CARD = {"pan": "4444555511113333", "cvc": "123", "yyyy": "2024", "mm": "12"}


def error_code(answer):
    """errorCode, or its older name ErrorCode; both are declared, so the
    generator keeps the wire names for those models."""
    for value in (answer.errorCode, answer.ErrorCode):
        if value not in (None, UNSET):
            return value
    return None


def succeeded(answer):
    """errorCode absent, 0 or "0": processed without system errors."""
    return error_code(answer) in (None, 0, "0")


def status(client, order_id):
    answer = get_order_status_extended.sync(
        client=client, body=GetOrderStatusExtendedBody(order_id=order_id, **LOGIN)
    )
    assert succeeded(answer), answer
    return answer


def test_register_pay_status_refund(sandbox_url):
    client = Client(base_url=sandbox_url, raise_on_unexpected_status=True)

    order = register.sync(
        client=client,
        body=RegisterBody(
            amount=15000,
            return_url="https://shop.example/paid",
            order_number=f"py-{uuid.uuid4().hex[:20]}",
            currency=398,
            **LOGIN,
        ),
    )
    assert succeeded(order), order
    assert order.form_url and order.order_id

    assert status(client, order.order_id).order_status == OrderStatusKnown.REGISTERED

    paid = payment_order.sync(
        client=client,
        body=PaymentOrderBody(mdorder=order.order_id, text="CARD HOLDER", **SSL_CARD, **LOGIN),
    )
    assert succeeded(paid), paid

    deposited = status(client, order.order_id)
    assert deposited.order_status == OrderStatusKnown.DEPOSITED
    assert deposited.amount == 15000
    assert deposited.payment_amount_info.deposited_amount == 15000

    refunded = refund.sync(
        client=client, body=RefundBody(order_id=order.order_id, amount=5000, **LOGIN)
    )
    assert succeeded(refunded), refunded

    after = status(client, order.order_id)
    assert after.payment_amount_info.refunded_amount == 5000
    assert after.payment_amount_info.deposited_amount == 10000


def test_gateway_errors_are_parsed_not_raised(sandbox_url):
    client = Client(base_url=sandbox_url, raise_on_unexpected_status=True)
    answer = register.sync(
        client=client,
        body=RegisterBody(amount=100, return_url="https://shop.example/paid", user_name="nobody", password="wrong"),
    )
    assert not succeeded(answer)
    assert error_code(answer) in (5, "5")
    assert answer.errorMessage
