//! The customer's journey in headless Chromium: the sandbox runs in process,
//! a shop (`bereke_browser_tests::shop`) registers orders through
//! `bereke::Client` and verifies the signed callbacks, and the browser types
//! the cards on the gateway's pages, as a customer would.
//!
//! Every page is saved as `target/browser-screenshots/<journey>-<step>.png`
//! and `…-mobile.png` (390 px wide, checked for no sideways scrolling).
//! Without Chromium and chromedriver the test says it is skipped; with `CI`
//! set it fails instead (`tests/browser/install.sh` installs them).

use std::path::Path;
use std::time::{Duration, Instant};

use bereke::models::test_cards::{CARD_3DS1, CARD_3DS2, CARD_SSL};
use bereke::models::{OrderStatus, TestCard};
use bereke_browser_tests::chrome::{screenshot_dir, Chrome, Tools, DESKTOP, MOBILE};
use bereke_browser_tests::shop::Shop;
use bereke_sandbox::{
    Sandbox, SandboxConfig, DEFAULT_ACS_CODE, DEFAULT_CALLBACK_SECRET, FRICTIONLESS_CARD,
};
use fantoccini::{Client, Locator};

/// A step's failure, said in words.
type Step<T = ()> = Result<T, String>;

/// How long a page may take to show what a step waits for.
const PATIENCE: Duration = Duration::from_secs(15);

/// A description with HTML's special characters: the page must show it as text.
const DESCRIPTION: &str = "Кітап «Абай жолы» <2 том> & \"қалам\"";

/// A number that passes the Luhn check and is no card of the sandbox: declined.
const UNKNOWN_CARD: TestCard = TestCard {
    name: "unknown",
    pan: "4111111111111111",
    ..CARD_SSL
};

/// The sandbox's 3-D Secure 2 card that its ACS lets through without a
/// challenge.
const FRICTIONLESS: TestCard = TestCard {
    name: "frictionless",
    pan: FRICTIONLESS_CARD,
    ..CARD_3DS2
};

/// The SSL card's number with its last digit wrong: fails the Luhn check.
const MISTYPED_PAN: &str = "4444555511113334";

/// The journeys, each with a new order.
#[derive(Debug, Clone, Copy)]
enum Journey {
    /// In Kazakh: the SSL card, mistyped first (the page's Luhn check
    /// refuses it), then paid; the shop's return page, the verified
    /// callback, and the payment page of the paid order.
    SslCard,
    /// In Russian: the 3-D Secure 1 card through the ACS page with the code.
    ThreeDs1Card,
    /// In English: a card the sandbox declines, twice (the sandbox allows two
    /// attempts here): the page again with the decline text, then the last
    /// attempt's page, which sends the browser on to the fail URL.
    DeclinedCard,
    /// The payment page of an order whose time to be paid ran out.
    ExpiredOrder,
    /// JavaScript off: the server's Luhn check shows its error on the page,
    /// then the SSL card pays.
    WithoutJavaScript,
    /// `bereke::three_ds`'s auto-submitting page from a shop that pays through
    /// `paymentorder.do`: it posts itself to the ACS with JavaScript, and
    /// shows its button without.
    AutoSubmit {
        /// Whether the browser runs scripts.
        javascript: bool,
    },
    /// In English: the document's 3-D Secure 2 card. The payment page sends
    /// the browser through the 3DS Method (a hidden iframe, then on by
    /// script) to the challenge, which the code passes.
    ThreeDs2Challenge,
    /// The sandbox's frictionless 3-D Secure 2 card: the 3DS Method, then
    /// paid without a challenge.
    ThreeDs2Frictionless,
}

const JOURNEYS: &[Journey] = &[
    Journey::SslCard,
    Journey::ThreeDs1Card,
    Journey::ThreeDs2Challenge,
    Journey::ThreeDs2Frictionless,
    Journey::DeclinedCard,
    Journey::ExpiredOrder,
    Journey::WithoutJavaScript,
    Journey::AutoSubmit { javascript: true },
    Journey::AutoSubmit { javascript: false },
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_journeys_in_chromium() {
    let Some(tools) = Tools::for_test() else {
        return;
    };
    let started = Instant::now();
    let world = World::start(&tools).await;
    let mut failures = Vec::new();
    for journey in JOURNEYS {
        let began = Instant::now();
        let result = world.run(*journey).await;
        eprintln!(
            "{journey:?}: {} in {:.1} s",
            if result.is_ok() { "ok" } else { "FAILED" },
            began.elapsed().as_secs_f64()
        );
        if let Err(error) = result {
            let browser = world.browser(*journey);
            let _ = save(browser, &format!("FAILED-{journey:?}")).await;
            failures.push(format!("{journey:?}: {error}"));
        }
    }
    assert_eq!(world.shop.rejected(), 0, "every callback verifies");
    world.stop().await;
    eprintln!(
        "{} journeys in {:.1} s; screenshots in {}",
        JOURNEYS.len(),
        started.elapsed().as_secs_f64(),
        screenshot_dir().display()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The sandbox, the shop and two browser sessions (scripts on and off).
struct World {
    sandbox: Sandbox,
    shop: Shop,
    // Dropped last: stops chromedriver, and Chromium with it.
    chrome: Chrome,
    scripts_on: Client,
    scripts_off: Client,
}

impl World {
    async fn start(tools: &Tools) -> World {
        let (listener, shop_url) = Shop::bind().await.expect("the shop binds");
        let config = SandboxConfig {
            payment_attempts: 2,
            expiry_check_interval: Duration::from_millis(50),
            ..SandboxConfig::default()
                .callback_url(format!("{shop_url}/callback"))
                .callback_retry_interval(Duration::from_millis(200))
        };
        let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
        let shop = Shop::serve(
            listener,
            shop_url,
            sandbox.base_url(),
            ("test_user", "test_user_password"),
            DEFAULT_CALLBACK_SECRET,
        )
        .expect("the shop starts");
        let mut chrome = Chrome::start(tools).await.expect("chromedriver starts");
        let scripts_on = chrome.session(true).await.expect("a browser session");
        let scripts_off = chrome.session(false).await.expect("a browser session");
        std::fs::create_dir_all(screenshot_dir()).expect("the screenshot folder");
        World {
            sandbox,
            shop,
            chrome,
            scripts_on,
            scripts_off,
        }
    }

    fn browser(&self, journey: Journey) -> &Client {
        match journey {
            Journey::WithoutJavaScript | Journey::AutoSubmit { javascript: false } => {
                &self.scripts_off
            }
            _ => &self.scripts_on,
        }
    }

    async fn run(&self, journey: Journey) -> Step {
        let b = self.browser(journey);
        match journey {
            Journey::SslCard => self.ssl_card(b).await,
            Journey::ThreeDs1Card => self.three_ds1_card(b).await,
            Journey::ThreeDs2Challenge => self.three_ds2_challenge(b).await,
            Journey::ThreeDs2Frictionless => self.three_ds2_frictionless(b).await,
            Journey::DeclinedCard => self.declined_card(b).await,
            Journey::ExpiredOrder => self.expired_order(b).await,
            Journey::WithoutJavaScript => self.without_javascript(b).await,
            Journey::AutoSubmit { javascript } => self.auto_submit(b, javascript).await,
        }
    }

    async fn stop(self) {
        let World {
            sandbox,
            shop,
            chrome,
            scripts_on,
            scripts_off,
        } = self;
        let _ = scripts_on.close().await;
        let _ = scripts_off.close().await;
        drop(chrome);
        drop(shop);
        sandbox.stop().await;
    }

    /// Buys at the shop (`/buy?…`) and lands on the payment page in
    /// `lang`: its address and the order's id.
    async fn buy(&self, b: &Client, query: &str, lang: &str) -> Step<(String, String)> {
        b.goto(&format!("{}/buy?{query}", self.shop.url()))
            .await
            .map_err(|e| format!("open the shop: {e}"))?;
        let form = wait_url(
            b,
            &self
                .sandbox
                .url(&format!("merchants/rbs/payment_{lang}.html")),
        )
        .await?;
        let order = param(&form, "mdOrder").ok_or_else(|| format!("no mdOrder in {form}"))?;
        Ok((form, order))
    }

    async fn expect_status(&self, order: &str, expected: OrderStatus) -> Step {
        let status = self.shop.status(order).await?;
        if status.order_status.as_ref() == Some(&expected) {
            Ok(())
        } else {
            Err(format!(
                "order {order}: status {:?}, expected {expected:?}",
                status.order_status
            ))
        }
    }

    /// The shop's return page shows the order paid, the gateway says it is
    /// deposited, and the shop got the signed callback.
    async fn expect_paid(&self, b: &Client, order: &str) -> Step {
        wait_url(b, &format!("{}/return?", self.shop.url())).await?;
        wait_text(b, "#order-status", "2").await?;
        self.expect_status(order, OrderStatus::Deposited).await?;
        let callback = self.shop.callback(order, "deposited").await?;
        if callback.status != "1" {
            return Err(format!(
                "deposited callback with status {}",
                callback.status
            ));
        }
        Ok(())
    }

    async fn ssl_card(&self, b: &Client) -> Step {
        let (form, order) = self
            .buy(
                b,
                &format!("amount=12345&lang=kk&description={}", encode(DESCRIPTION)),
                "kk",
            )
            .await?;
        wait_text(b, "h1", "Төлем").await?;
        wait_text(b, ".shop", "Sandbox Shop").await?;
        wait_text(b, ".description", DESCRIPTION).await?;
        wait_text(b, "#amount", "123.45 ₸").await?;
        // The stylesheet passed the Content-Security-Policy.
        let bar = b
            .execute(
                "return getComputedStyle(document.querySelector('.bar')).backgroundColor",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        if bar != "rgb(11, 110, 79)" {
            return Err(format!("the stylesheet did not apply: the bar is {bar}"));
        }
        save(b, "ssl-1-payment-page").await?;

        // The script (also allowed by the policy) spaces the number and
        // refuses it before posting.
        fill_card(b, &CARD_SSL).await?;
        type_into(b, "#pan", MISTYPED_PAN).await?;
        expect_value(b, "#pan", "4444 5555 1111 3334").await?;
        click(b, "#pay").await?;
        wait_text(b, "#pan-error", "Карта нөмірін тексеріңіз.").await?;
        if current_url(b).await? != form {
            return Err("a number that fails the Luhn check was posted".into());
        }
        save(b, "ssl-2-luhn-refused").await?;
        self.expect_status(&order, OrderStatus::Registered).await?;

        type_into(b, "#pan", CARD_SSL.pan).await?;
        expect_value(b, "#pan", "4444 5555 1111 3333").await?;
        if find(b, "#pan-error")
            .await?
            .is_displayed()
            .await
            .map_err(|e| e.to_string())?
        {
            return Err("the card number's error stays after a right number".into());
        }
        save(b, "ssl-3-card-typed").await?;
        click(b, "#pay").await?;
        self.expect_paid(b, &order).await?;
        wait_text(b, "#amount", "123.45 ₸").await?;
        save(b, "ssl-4-shop-return").await?;

        // The payment page of the paid order.
        b.goto(&form).await.map_err(|e| e.to_string())?;
        wait_text(b, "h1", "Бұл тапсырыс төленген").await?;
        save(b, "ssl-5-already-paid").await
    }

    async fn three_ds1_card(&self, b: &Client) -> Step {
        let (_, order) = self
            .buy(b, "amount=50000&lang=ru&description=Abonement", "ru")
            .await?;
        wait_text(b, "h1", "Оплата").await?;
        wait_text(b, "#amount", "500.00 ₸").await?;
        save(b, "3ds1-1-payment-page").await?;
        pay_on_form(b, &CARD_3DS1).await?;
        self.pass_acs(b, &order, "3ds1-2-acs-page").await?;
        self.expect_paid(b, &order).await?;
        save(b, "3ds1-3-shop-return").await
    }

    async fn three_ds2_challenge(&self, b: &Client) -> Step {
        let (_, order) = self.buy(b, "amount=7500&lang=en", "en").await?;
        wait_text(b, "#amount", "75.00 ₸").await?;
        pay_on_form(b, &CARD_3DS2).await?;
        // The 3DS Method page goes on by itself to the challenge.
        wait_text(b, "p", "Sandbox 3-D Secure 2 challenge.").await?;
        self.pass_acs(b, &order, "3ds2-1-challenge-page").await?;
        self.expect_paid(b, &order).await?;
        save(b, "3ds2-2-shop-return").await
    }

    async fn three_ds2_frictionless(&self, b: &Client) -> Step {
        let (_, order) = self.buy(b, "amount=2500&lang=en", "en").await?;
        pay_on_form(b, &FRICTIONLESS).await?;
        self.expect_paid(b, &order).await?;
        save(b, "3ds2-frictionless-shop-return").await
    }

    /// On the ACS page: the order waits there; the code pays it.
    async fn pass_acs(&self, b: &Client, order: &str, screenshot: &str) -> Step {
        wait_for(b, "input[name=code]").await?;
        self.expect_status(order, OrderStatus::AcsAuthorization)
            .await?;
        save(b, screenshot).await?;
        type_into(b, "input[name=code]", DEFAULT_ACS_CODE).await?;
        click(b, "button[type=submit]").await
    }

    async fn declined_card(&self, b: &Client) -> Step {
        let (_, order) = self.buy(b, "amount=9990&lang=en", "en").await?;
        pay_on_form(b, &UNKNOWN_CARD).await?;
        wait_text(
            b,
            "#decline",
            "The operation failed. Check the data entered and that the card has enough funds, \
             and repeat the operation.",
        )
        .await?;
        wait_text(b, "h1", "Payment").await?;
        // What was typed is kept, but never the card number or the CVC.
        expect_value(b, "#month", "12").await?;
        expect_value(b, "#pan", "").await?;
        save(b, "declined-1-attempt-left").await?;
        self.expect_status(&order, OrderStatus::Registered).await?;

        pay_on_form(b, &UNKNOWN_CARD).await?;
        wait_text(b, "h1", "Payment declined").await?;
        let text = find(b, "#decline")
            .await?
            .text()
            .await
            .map_err(|e| e.to_string())?;
        if !text.ends_with("Redirecting...") {
            return Err(format!("the last decline says {text:?}"));
        }
        save(b, "declined-2-last-attempt").await?;
        // The page's refresh sends the browser to the fail URL.
        wait_url(b, &format!("{}/fail?", self.shop.url())).await?;
        wait_text(b, "#order-status", "6").await?;
        self.expect_status(&order, OrderStatus::Declined).await?;
        save(b, "declined-3-shop-fail").await
    }

    async fn expired_order(&self, b: &Client) -> Step {
        let (form, order) = self.buy(b, "amount=100&lang=en&timeout=1", "en").await?;
        tokio::time::sleep(Duration::from_millis(1300)).await;
        b.goto(&form).await.map_err(|e| e.to_string())?;
        wait_text(b, "h1", "The time to pay has run out").await?;
        save(b, "expired-1-order-page").await?;
        click(b, "#back").await?;
        wait_url(b, &format!("{}/fail?", self.shop.url())).await?;
        wait_text(b, "#order-status", "6").await?;
        self.expect_status(&order, OrderStatus::Declined).await
    }

    async fn without_javascript(&self, b: &Client) -> Step {
        let (_, order) = self.buy(b, "amount=12345&lang=en", "en").await?;
        fill_card(b, &CARD_SSL).await?;
        type_into(b, "#pan", MISTYPED_PAN).await?;
        // No script: the number stays as typed.
        expect_value(b, "#pan", MISTYPED_PAN).await?;
        click(b, "#pay").await?;
        wait_url(b, &self.sandbox.url("processform.do")).await?;
        wait_text(b, "#pan-error", "Check the card number.").await?;
        expect_value(b, "#month", "12").await?;
        save(b, "nojs-1-luhn-refused-by-the-server").await?;
        self.expect_status(&order, OrderStatus::Registered).await?;
        type_into(b, "#pan", CARD_SSL.pan).await?;
        type_into(b, "#cvc", CARD_SSL.cvc).await?;
        click(b, "#pay").await?;
        self.expect_paid(b, &order).await
    }

    async fn auto_submit(&self, b: &Client, javascript: bool) -> Step {
        let name = if javascript {
            "autosubmit-js"
        } else {
            "autosubmit-nojs"
        };
        let page = format!("{}/pay-direct?amount=7500&lang=en", self.shop.url());
        b.goto(&page).await.map_err(|e| e.to_string())?;
        if !javascript {
            // The page waits for the customer's click.
            let button = wait_for(b, "form#three-ds button[type=submit]").await?;
            if !current_url(b).await?.starts_with(&page) {
                return Err("the page left without a click".into());
            }
            save(b, &format!("{name}-1-continue-button")).await?;
            button.click().await.map_err(|e| e.to_string())?;
        }
        wait_url(b, &self.sandbox.url("acs/auth/start.do")).await?;
        let order = find(b, "input[name=MD]")
            .await?
            .prop("value")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        self.pass_acs(b, &order, &format!("{name}-2-acs-page"))
            .await?;
        self.expect_paid(b, &order).await
    }
}

/// Types the card's number, expiry, CVC and a cardholder's name.
async fn fill_card(b: &Client, card: &TestCard) -> Step {
    let (month, year) = card.expiry.split_once('/').unwrap_or(("12", "24"));
    type_into(b, "#pan", card.pan).await?;
    type_into(b, "#month", month).await?;
    type_into(b, "#year", &format!("20{year}")).await?;
    type_into(b, "#cvc", card.cvc).await?;
    type_into(b, "#cardholder", "TEST CARDHOLDER").await
}

/// Types the card and presses Pay.
async fn pay_on_form(b: &Client, card: &TestCard) -> Step {
    fill_card(b, card).await?;
    click(b, "#pay").await
}

async fn find(b: &Client, css: &str) -> Step<fantoccini::elements::Element> {
    b.find(Locator::Css(css))
        .await
        .map_err(|e| format!("{css}: {e}"))
}

async fn wait_for(b: &Client, css: &str) -> Step<fantoccini::elements::Element> {
    b.wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .map_err(|e| format!("waiting for {css}: {e}"))
}

async fn click(b: &Client, css: &str) -> Step {
    find(b, css)
        .await?
        .click()
        .await
        .map_err(|e| format!("click {css}: {e}"))
}

async fn type_into(b: &Client, css: &str, text: &str) -> Step {
    let field = find(b, css).await?;
    field
        .clear()
        .await
        .map_err(|e| format!("clear {css}: {e}"))?;
    field
        .send_keys(text)
        .await
        .map_err(|e| format!("type into {css}: {e}"))
}

async fn expect_value(b: &Client, css: &str, expected: &str) -> Step {
    let value = find(b, css)
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    if value == expected {
        Ok(())
    } else {
        Err(format!("{css} holds {value:?}, expected {expected:?}"))
    }
}

async fn current_url(b: &Client) -> Step<String> {
    b.current_url()
        .await
        .map(String::from)
        .map_err(|e| e.to_string())
}

/// Waits until the page's address starts with `prefix`; the address.
async fn wait_url(b: &Client, prefix: &str) -> Step<String> {
    let started = Instant::now();
    loop {
        let url = current_url(b).await?;
        if url.starts_with(prefix) {
            return Ok(url);
        }
        if started.elapsed() > PATIENCE {
            return Err(format!("still at {url}, expected {prefix}…"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the element shows exactly `expected` (the page may still be
/// the one before).
async fn wait_text(b: &Client, css: &str, expected: &str) -> Step {
    let started = Instant::now();
    loop {
        let text = match b.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text == expected {
            return Ok(());
        }
        if started.elapsed() > PATIENCE {
            let url = current_url(b).await.unwrap_or_default();
            return Err(format!(
                "{css} shows {text:?} at {url}, expected {expected:?}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves the page at the desktop size and at a phone's width, where it must
/// not scroll sideways.
async fn save(b: &Client, name: &str) -> Step {
    let dir = screenshot_dir();
    shoot(b, &dir.join(format!("{name}.png"))).await?;
    b.set_window_size(MOBILE.0, MOBILE.1)
        .await
        .map_err(|e| e.to_string())?;
    let overflow = b
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    shoot(b, &dir.join(format!("{name}-mobile.png"))).await?;
    b.set_window_size(DESKTOP.0, DESKTOP.1)
        .await
        .map_err(|e| e.to_string())?;
    if overflow.as_i64().unwrap_or(0) > 0 {
        return Err(format!(
            "{name} scrolls sideways by {overflow} px at {} px",
            MOBILE.0
        ));
    }
    Ok(())
}

async fn shoot(b: &Client, path: &Path) -> Step {
    let png = b.screenshot().await.map_err(|e| e.to_string())?;
    std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
}

/// A parameter of an address's query.
fn param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
