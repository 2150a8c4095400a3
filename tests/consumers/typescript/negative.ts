// Wrong values that the generated types must refuse: each line below must
// be a type error, or tsc fails on the unused @ts-expect-error.
import type { OrderStatusKnown, PaymentSystemKnown, RegisterRequest, GetOrderStatusExtendedResponse } from "./bereke";
import type { components } from "./openapi";

// @ts-expect-error: not a payment system the spec knows
export const system: PaymentSystemKnown = "VIZA";
// @ts-expect-error: not an order status the spec knows
export const status: OrderStatusKnown = 9;
// @ts-expect-error: the OpenAPI types refuse it too
export const status2: components["schemas"]["OrderStatusKnown"] = 9;
// @ts-expect-error: amount is required
export const noAmount: RegisterRequest = { returnUrl: "https://shop.example/paid" };
// @ts-expect-error: attributes is a list
export const notAList: GetOrderStatusExtendedResponse = { attributes: { name: "x" } };

// Known values by name, unknown values still typed.
export const known: PaymentSystemKnown = "VISA";
export const unknown: components["schemas"]["PaymentSystem"] = "UNIONPAY";
