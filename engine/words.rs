//! The drill's words in both languages: the `Words` trait every enum a user reads implements
//! (beside its type, so a new variant is a compile error there), the language a surface speaks
//! and the picker of a bilingual text, and the helpers that format times and join texts. A leaf:
//! it imports only the shared words of `crate::drill`.

use crate::drill::Text;

/// The language a surface speaks (reports carry both; a button switches).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The language's code as HTML and the hall's URLs write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// The text of a bilingual string in `lang`.
pub fn pick(lang: Lang, t: &Text) -> &str {
    match lang {
        Lang::Zh => &t.zh,
        Lang::En => &t.en,
    }
}

/// Text in both languages.
pub fn text(zh: &str, en: &str) -> Text {
    Text {
        zh: zh.to_string(),
        en: en.to_string(),
    }
}

/// A name in both languages.
pub trait Words {
    fn words(&self) -> (&'static str, &'static str);
    fn text(&self) -> Text {
        let (zh, en) = self.words();
        text(zh, en)
    }
}

/// Implements [`Words`] for an enum from one table of its variants' names.
macro_rules! words {
    ($ty:ty { $($v:pat => $zh:literal, $en:literal;)* }) => {
        impl Words for $ty {
            fn words(&self) -> (&'static str, &'static str) {
                match self {
                    $($v => ($zh, $en),)*
                }
            }
        }
    };
}
pub(crate) use words;

/// Seconds as "m:ss" ("h:mm:ss" from an hour), for times people read.
pub fn clock(t: f64) -> String {
    let t = t.max(0.0).round() as u64;
    if t >= 3600 {
        format!("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
    } else {
        format!("{}:{:02}", t / 60, t % 60)
    }
}

/// Joins texts per language.
pub fn join(parts: &[Text], zh_sep: &str, en_sep: &str) -> Text {
    Text {
        zh: parts
            .iter()
            .map(|t| t.zh.as_str())
            .collect::<Vec<_>>()
            .join(zh_sep),
        en: parts
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join(en_sep),
    }
}
