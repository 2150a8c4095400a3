"""pydantic v2 models made by datamodel-code-generator from bereke.schema.json."""

import pydantic
import pytest

import bereke_models as m


def test_every_definition_is_a_model_with_its_name(bodies):
    for item in bodies:
        assert hasattr(m, item["definition"]), item["definition"]
    for name in ["RegisterRequest", "OrderStatusKnown", "PaymentSystemKnown", "NumberAsText"]:
        assert hasattr(m, name), name


def test_enumerations_keep_their_names():
    assert m.OrderStatusKnown.Deposited == 2
    assert m.OrderStatusKnown(6) is m.OrderStatusKnown.Declined
    assert m.PaymentSystemKnown.Visa.value == "VISA"
    assert m.RefundErrorCodeKnown.Success == 0


def test_every_body_validates(bodies):
    failed = []
    for item in bodies:
        model = getattr(m, item["definition"])
        try:
            model.model_validate(item["body"])
        except pydantic.ValidationError as e:
            failed.append(f"{item['name']}: {e}")
    assert not failed, "\n".join(failed)


def test_known_and_unknown_enum_values():
    status = m.GetOrderStatusExtendedResponse.model_validate({"orderStatus": 2})
    assert status.orderStatus.root == m.OrderStatusKnown.Deposited
    unknown = m.GetOrderStatusExtendedResponse.model_validate({"orderStatus": 42})
    assert unknown.orderStatus.root == 42


def test_aliases_keep_their_values():
    info = m.CardAuthInfo.model_validate({"cardHolderName": "IVAN IVANOV"})
    assert info.cardHolderName == "IVAN IVANOV"
    refund = m.RefundResponse.model_validate({"ErrorCode": "7", "ErrorMessage": "System error"})
    assert refund.ErrorMessage == "System error"


@pytest.mark.parametrize(
    "definition, body",
    [
        ("GetOrderStatusExtendedResponse", {"amount": -5}),
        ("GetOrderStatusExtendedResponse", {"amount": "20.5"}),
        ("GetOrderStatusExtendedResponse", {"amount": "twenty"}),
        ("GetOrderStatusExtendedResponse", {"orderStatus": "deposited"}),
        ("GetOrderStatusExtendedResponse", {"attributes": {"name": "x"}}),
        ("RegisterResponse", {"errorCode": "zero"}),
        ("RefundResponse", {"ErrorCode": "seven"}),
        ("PaymentOrderRequest", {"MDORDER": "x"}),
        ("OrderStatusKnown", 99),
        ("PaymentSystemKnown", "VIZA"),
    ],
)
def test_wrong_values_are_refused(definition, body):
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(getattr(m, definition)).validate_python(body)
