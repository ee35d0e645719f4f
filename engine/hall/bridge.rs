//! The page and the engine talk through one JavaScript object, `window.drillhallHall`
//! (web/hall.js): the engine asks it for the visitor's choices (`config`), polls it for what
//! the on-screen buttons pressed (`takeInput`), and tells it what to show (`fromEngine`). Only
//! imports cross the boundary, and only strings (JSON). Natively a queue stands in for the
//! page, so the hall's systems run in tests.

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = drillhallHall, js_name = config)]
        pub fn config() -> String;
        #[wasm_bindgen(js_namespace = drillhallHall, js_name = takeInput)]
        pub fn take_input() -> String;
        #[wasm_bindgen(js_namespace = drillhallHall, js_name = fromEngine)]
        pub fn from_engine(kind: &str, json: &str);
    }
}

/// The visitor's choices (JSON: experience, lang, reducedMotion, pace, seed).
#[cfg(target_arch = "wasm32")]
pub fn config() -> String {
    js::config()
}

/// What the page's buttons pressed since the last call, one command a line.
#[cfg(target_arch = "wasm32")]
pub fn take_input() -> String {
    js::take_input()
}

/// Tell the page something: `kind` is "state", "frame", "result" or "error".
#[cfg(target_arch = "wasm32")]
pub fn send(kind: &str, json: &str) {
    js::from_engine(kind, json);
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::*;

/// The stand-in page of native builds (tests).
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::cell::RefCell;

    #[derive(Default)]
    struct Page {
        pressed: Vec<String>,
        told: Vec<(String, String)>,
    }

    thread_local! {
        static PAGE: RefCell<Page> = RefCell::new(Page::default());
    }

    pub fn take_input() -> String {
        PAGE.with(|p| std::mem::take(&mut p.borrow_mut().pressed).join("\n"))
    }

    pub fn send(kind: &str, json: &str) {
        PAGE.with(|p| {
            p.borrow_mut()
                .told
                .push((kind.to_string(), json.to_string()))
        });
    }

    /// Press a button of the stand-in page.
    pub fn press(command: &str) {
        PAGE.with(|p| p.borrow_mut().pressed.push(command.to_string()));
    }

    /// What the engine told the stand-in page, oldest first (and forget it).
    pub fn told() -> Vec<(String, String)> {
        PAGE.with(|p| std::mem::take(&mut p.borrow_mut().told))
    }
}

/// A command of the page's buttons.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PageCommand {
    /// Take cover or stand up.
    Cover,
    /// The context action with this index (0-based).
    Choice(usize),
    /// Walk in this direction (x right, y forward), held until `Walk 0 0`.
    Walk(f32, f32),
    /// Turn: 1 left … −1 right, held until `Turn 0`.
    Turn(f32),
    /// End the experience now and show the result.
    Finish,
}

impl PageCommand {
    /// Read one line (`cover`, `choice 2`, `walk 0 1`, `turn -1`, `finish`); `None` for
    /// anything else (the page is ours, but a visitor's devtools are theirs).
    pub fn parse(line: &str) -> Option<PageCommand> {
        let mut w = line.split_whitespace();
        let num = |s: Option<&str>| {
            s.and_then(|x| x.parse::<f32>().ok())
                .filter(|v| v.is_finite())
                .map(|v| v.clamp(-1.0, 1.0))
        };
        let c = match w.next()? {
            "cover" => PageCommand::Cover,
            "choice" => PageCommand::Choice(w.next()?.parse().ok()?),
            "walk" => PageCommand::Walk(num(w.next())?, num(w.next())?),
            "turn" => PageCommand::Turn(num(w.next())?),
            "finish" => PageCommand::Finish,
            _ => return None,
        };
        w.next().is_none().then_some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::PageCommand as C;

    #[test]
    fn page_commands_are_read_and_junk_is_refused() {
        assert_eq!(C::parse("cover"), Some(C::Cover));
        assert_eq!(C::parse("choice 2"), Some(C::Choice(2)));
        assert_eq!(C::parse(" walk 0 1 "), Some(C::Walk(0.0, 1.0)));
        assert_eq!(C::parse("walk 5 -9"), Some(C::Walk(1.0, -1.0)));
        assert_eq!(C::parse("turn -0.5"), Some(C::Turn(-0.5)));
        assert_eq!(C::parse("finish"), Some(C::Finish));
        for junk in [
            "",
            "choice",
            "choice -1",
            "walk 1",
            "walk NaN 0",
            "turn inf",
            "cover now",
            "run",
        ] {
            assert_eq!(C::parse(junk), None, "{junk:?}");
        }
    }
}
