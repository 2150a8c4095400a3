//! Chaos: 200 merchant flows through a sandbox that injects faults (503s
//! before processing, 504s and resets after it, cut bodies, HTML pages,
//! latency), with the client's retries on. Every ambiguous money call is
//! settled from the order's status, as a merchant would. At the end the
//! gateway's amounts for every order equal what the merchant's books say:
//! nothing was applied twice, nothing was lost, and every call ended within
//! its deadline in success or in an error that says whether it was sent.

use crate::common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bereke::models::test_cards::CARD_SSL;
use bereke::models::{
    Amount, DepositRequest, GetOrderStatusExtendedRequest, OrderStatus, PaymentOrderRequest,
    RefundRequest, RegisterPreAuthRequest, ReverseRequest,
};
use bereke::settle::{Before, MoneyCall, Settlement};
use bereke::{Client, Credentials, Error, RetryConfig};
use bereke_sandbox::{FaultProfile, Sandbox};
use common::*;

const FLOWS: usize = 200;
const AT_ONCE: usize = 16;
const TIMEOUT: Duration = Duration::from_millis(1_500);
const DEADLINE: Duration = Duration::from_millis(3_000);
/// What a loaded machine may add to a call's deadline before it is late.
const SLACK: Duration = Duration::from_millis(1_000);
/// How often one step is tried before the flow gives up (bounded loops).
const TRIES: usize = 12;

const PROFILE: &str = "seed=20261201,latency=0.1:20ms,error_before=0.05,error_after=0.05,\
                       reset_after=0.05,truncate=0.05,html=0.05";

#[derive(Default)]
struct Tally {
    calls: AtomicU64,
    ambiguous: AtomicU64,
    settled_applied: AtomicU64,
    settled_not_applied: AtomicU64,
    settled_unknown: AtomicU64,
    not_sent: AtomicU64,
    late: AtomicU64,
}

/// What the merchant's books say of one order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Books {
    approved: u64,
    deposited: u64,
    refunded: u64,
    reversed: bool,
}

/// Times a call, counts it, and checks it ended in time with an error that
/// says whether it may have been sent.
async fn call<T>(
    tally: &Tally,
    f: impl std::future::Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    let started = Instant::now();
    let result = f.await;
    tally.calls.fetch_add(1, Ordering::Relaxed);
    if started.elapsed() > DEADLINE + SLACK {
        tally.late.fetch_add(1, Ordering::Relaxed);
    }
    if let Err(e) = &result {
        if e.may_have_been_sent() {
            tally.ambiguous.fetch_add(1, Ordering::Relaxed);
        } else {
            tally.not_sent.fetch_add(1, Ordering::Relaxed);
        }
    }
    result
}

/// Settles an ambiguous money call, asking again while the status read
/// itself fails or the order's state does not say.
async fn settle(
    client: &Client,
    tally: &Tally,
    order: &str,
    what: MoneyCall,
    before: Before,
) -> Settlement {
    for _ in 0..TRIES {
        match call(tally, client.settle(order, &what, &before)).await {
            Ok(Settlement::Unknown) => {
                tally.settled_unknown.fetch_add(1, Ordering::Relaxed);
            }
            Ok(settled) => {
                let counter = match settled {
                    Settlement::Applied => &tally.settled_applied,
                    _ => &tally.settled_not_applied,
                };
                counter.fetch_add(1, Ordering::Relaxed);
                return settled;
            }
            Err(_) => {}
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{order}: {what:?} could not be settled in {TRIES} tries")
}

/// Makes a money call until it is applied: repeated only when it was not
/// sent or was settled as not applied. Returns whether it was applied.
async fn money<T, F, Fut>(
    client: &Client,
    tally: &Tally,
    order: &str,
    what: MoneyCall,
    before: Before,
    mut send: F,
) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, Error>>,
{
    for _ in 0..TRIES {
        match call(tally, send()).await {
            Ok(_) => return true,
            Err(e) if e.gateway().is_some() => return false,
            Err(e) if !e.may_have_been_sent() => {}
            Err(_) => {
                if settle(client, tally, order, what, before).await == Settlement::Applied {
                    return true;
                }
            }
        }
    }
    panic!("{order}: {what:?} was not made in {TRIES} tries")
}

/// Registers an order; a registration whose answer was lost is looked up by
/// its order number (the gateway refuses the number twice).
async fn register(client: &Client, tally: &Tally, number: &str, amount: u64) -> String {
    let request = RegisterPreAuthRequest::new(number, Amount::from_minor(amount), "finish.html");
    for _ in 0..TRIES {
        match call(tally, client.register_pre_auth(&request)).await {
            Ok(answer) => return answer.order_id.expect("orderId"),
            Err(e) if e.may_have_been_sent() || e.gateway().is_some() => {
                let lookup = GetOrderStatusExtendedRequest::new().order_number(number);
                if let Ok(status) = call(tally, client.get_order_status_extended(&lookup)).await {
                    if let Some(id) = status.attributes.iter().find_map(|a| {
                        (a.name.as_deref() == Some("mdOrder"))
                            .then(|| a.value.clone())
                            .flatten()
                    }) {
                        return id;
                    }
                }
            }
            Err(_) => {}
        }
    }
    panic!("{number} was not registered in {TRIES} tries")
}

/// One merchant's flow: hold, pay, then either deposit part and refund
/// twice (once without and once with an externalRefundId), or reverse.
async fn flow(client: Client, tally: Arc<Tally>, n: usize) -> (String, Books) {
    let tally = &*tally;
    let number = format!("chaos-{}-{n}", std::process::id());
    let approved = 1_000 + 10 * n as u64;
    let order = register(&client, tally, &number, approved).await;
    let mut books = Books {
        approved: 0,
        deposited: 0,
        refunded: 0,
        reversed: false,
    };
    let none = Before::new(Amount::ZERO, Amount::ZERO);

    let card = PaymentOrderRequest::new(&order, &CARD_SSL.card("CHAOS").expect("test card"));
    let paid = money(&client, tally, &order, MoneyCall::Payment, none, || {
        client.payment_order(&card)
    })
    .await;
    assert!(paid, "{order}: the SSL card pays");
    books.approved = approved;

    if n % 4 == 3 {
        let reverse = ReverseRequest::new().order_id(&order);
        let reversed = money(&client, tally, &order, MoneyCall::Reverse, none, || {
            client.reverse(&reverse)
        })
        .await;
        assert!(reversed, "{order}: a held order reverses");
        books.reversed = true;
        return (order, books);
    }

    let deposit = approved - 100;
    let request = DepositRequest::new(&order, Amount::from_minor(deposit));
    let deposited = money(
        &client,
        tally,
        &order,
        MoneyCall::Deposit {
            amount: Amount::from_minor(deposit),
        },
        none,
        || client.deposit(&request),
    )
    .await;
    assert!(deposited, "{order}: a held order deposits");
    books.deposited = deposit;

    // A refund without an id: never repeated by the client, settled.
    let first = 300;
    let request = RefundRequest::new(&order, Amount::from_minor(first));
    let before = Before::new(Amount::from_minor(books.deposited), Amount::ZERO);
    let refunded = money(
        &client,
        tally,
        &order,
        MoneyCall::Refund {
            amount: Amount::from_minor(first),
        },
        before,
        || client.refund(&request),
    )
    .await;
    assert!(refunded, "{order}: the first refund");
    books.refunded += first;

    // A refund with an id: the client repeats it itself when unsure.
    let second = 200;
    let before = Before::new(
        Amount::from_minor(books.deposited - books.refunded),
        Amount::from_minor(books.refunded),
    );
    let request = RefundRequest::new(&order, Amount::from_minor(second))
        .external_refund_id(format!("r2-{n}"));
    let refunded = money(
        &client,
        tally,
        &order,
        MoneyCall::Refund {
            amount: Amount::from_minor(second),
        },
        before,
        || client.refund(&request),
    )
    .await;
    assert!(refunded, "{order}: the second refund");
    books.refunded += second;
    (order, books)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn money_adds_up_under_injected_faults() {
    let started = Instant::now();
    let profile: FaultProfile = PROFILE.parse().expect("profile");
    let sandbox = Sandbox::start(test_config().faults(profile))
        .await
        .expect("sandbox starts");
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .credentials(Credentials::password(USER.0, USER.1))
        .timeout(TIMEOUT)
        .retry(
            RetryConfig::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(10))
                .with_max_backoff(Duration::from_millis(50))
                .with_deadline(DEADLINE),
        )
        .build()
        .expect("client");
    let tally = Arc::new(Tally::default());

    let mut results = Vec::with_capacity(FLOWS);
    let mut tasks = tokio::task::JoinSet::new();
    let mut next = 0;
    while results.len() < FLOWS {
        while next < FLOWS && tasks.len() < AT_ONCE {
            tasks.spawn(flow(client.clone(), tally.clone(), next));
            next += 1;
        }
        results.push(tasks.join_next().await.expect("a flow").expect("flow ends"));
    }

    // The gateway's truth, read without faults.
    let faults = sandbox.fault_counts();
    sandbox.set_faults(None);
    for (order, books) in &results {
        let status = client
            .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id(order))
            .await
            .expect("status");
        let amounts = status.payment_amount_info.expect("amounts");
        let minor = |a: Option<Amount>| a.map_or(0, Amount::minor);
        if books.reversed {
            assert_eq!(status.order_status, Some(OrderStatus::Reversed), "{order}");
            continue;
        }
        assert_eq!(
            minor(amounts.approved_amount),
            books.approved,
            "{order} approved"
        );
        assert_eq!(
            minor(amounts.refunded_amount),
            books.refunded,
            "{order} refunded"
        );
        // The sandbox reports the deposited amount net of refunds.
        assert_eq!(
            minor(amounts.deposited_amount),
            books.deposited - books.refunded,
            "{order} deposited"
        );
    }

    let t = &*tally;
    let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
    println!(
        "chaos: {FLOWS} flows, {} calls in {:.1} s; faults injected: {faults}; \
         ambiguous outcomes {} (settled applied {}, not applied {}, asked again {}); \
         not sent {}; late {}",
        load(&t.calls),
        started.elapsed().as_secs_f64(),
        load(&t.ambiguous),
        load(&t.settled_applied),
        load(&t.settled_not_applied),
        load(&t.settled_unknown),
        load(&t.not_sent),
        load(&t.late),
    );
    assert_eq!(load(&t.late), 0, "every call ended within its deadline");
    assert!(faults.after_processing() > 20, "{faults}");
    assert!(load(&t.settled_applied) > 0 && load(&t.settled_not_applied) > 0);
    sandbox.stop().await;
}
