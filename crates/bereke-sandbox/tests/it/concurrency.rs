//! Many clients at once: no amount is ever refunded or deposited twice.

use crate::common;

use common::*;
use serde_json::Value;

async fn all(
    sandbox: &bereke_sandbox::Sandbox,
    path: &'static str,
    pairs: Vec<Vec<(String, String)>>,
) -> Vec<Value> {
    let tasks: Vec<_> = pairs
        .into_iter()
        .map(|pairs| {
            let url = sandbox.url(path);
            tokio::spawn(async move {
                http()
                    .post(url)
                    .form(&pairs)
                    .send()
                    .await
                    .expect("sent")
                    .json::<Value>()
                    .await
                    .expect("JSON")
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("task"));
    }
    answers
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    with_user(pairs)
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_refunds_of_one_order() {
    let sandbox = sandbox().await;
    let order = register(&sandbox, false, "2000", &[]).await;
    assert_eq!(pay_ssl(&sandbox, &order).await["errorCode"], 0);

    let requests = (0..50)
        .map(|_| owned(&[("orderId", order.as_str()), ("amount", "100")]))
        .collect();
    let answers = all(&sandbox, "rest/refund.do", requests).await;
    let succeeded = answers.iter().filter(|a| a["errorCode"] == 0).count();
    assert_eq!(succeeded, 20);
    for refused in answers.iter().filter(|a| a["errorCode"] != 0) {
        assert_eq!(refused["errorCode"], 7);
        assert_eq!(
            refused["errorMessage"],
            "Refund amount exceeds the payment amount."
        );
    }
    let status = status(&sandbox, &order).await;
    assert_eq!(status["paymentAmountInfo"]["refundedAmount"], 2000);
    assert_eq!(status["paymentAmountInfo"]["depositedAmount"], 0);
    assert_eq!(status["orderStatus"], 4);
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_deposits_and_refunds_with_one_external_id() {
    let sandbox = sandbox().await;
    let order = register(&sandbox, true, "2000", &[]).await;
    pay_ssl(&sandbox, &order).await;

    // Twenty deposits of 100 at once: one takes effect, the order is then deposited.
    let requests = (0..20)
        .map(|_| owned(&[("orderId", order.as_str()), ("amount", "100")]))
        .collect();
    let answers = all(&sandbox, "rest/deposit.do", requests).await;
    assert_eq!(answers.iter().filter(|a| a["errorCode"] == 0).count(), 1);
    assert!(
        answers
            .iter()
            .filter(|a| a["errorCode"] != 0)
            .all(|a| a["errorCode"] == 7
                && a["errorMessage"] == "Payment must be in a correct state.")
    );
    let status_now = status(&sandbox, &order).await;
    assert_eq!(status_now["paymentAmountInfo"]["depositedAmount"], 100);

    // Thirty repeats of one refund (same externalRefundId): refunded once.
    let requests = (0..30)
        .map(|_| {
            owned(&[
                ("orderId", order.as_str()),
                ("amount", "60"),
                ("externalRefundId", "once"),
            ])
        })
        .collect();
    let answers = all(&sandbox, "rest/refund.do", requests).await;
    assert!(answers.iter().all(|a| a["errorCode"] == 0), "{answers:?}");
    let status_now = status(&sandbox, &order).await;
    assert_eq!(status_now["paymentAmountInfo"]["refundedAmount"], 60);
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_checkouts_at_once() {
    let sandbox = std::sync::Arc::new(sandbox().await);
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let sandbox = std::sync::Arc::clone(&sandbox);
            tokio::spawn(async move {
                let order = register(&sandbox, i % 2 == 1, "1000", &[]).await;
                let paid = pay_ssl(&sandbox, &order).await;
                assert_eq!(paid["errorCode"], 0);
                let state = status(&sandbox, &order).await["orderStatus"].as_i64();
                (order, state)
            })
        })
        .collect();
    let mut ids = std::collections::HashSet::new();
    for (i, task) in tasks.into_iter().enumerate() {
        let (order, state) = task.await.expect("task");
        assert_eq!(state, Some(if i % 2 == 1 { 1 } else { 2 }));
        assert!(ids.insert(order), "order ids are unique");
    }
}
