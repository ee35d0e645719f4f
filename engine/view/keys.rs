//! Key bindings: every command on one or more keys, rebindable in a RON file
//! (`drillhall play --keys FILE`; docs/keys.ron is the default set, documented in docs/play.md).

use bevy::prelude::*;
use serde::Deserialize;

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Forward,
    Back,
    Left,
    Right,
    TurnLeft,
    TurnRight,
    /// Take cover / stand up.
    Crouch,
    /// The numbered context action (1–9).
    Choice(u8),
    /// Overview / over the shoulder / first person.
    Camera,
    /// Begin (briefing), open the report (debrief).
    Confirm,
    /// Leave the drill (debrief: quit).
    Quit,
    TextLarger,
    TextSmaller,
}

/// The file's shape: each field a list of key names (Bevy's `KeyCode` names: `KeyW`, `Digit1`,
/// `ArrowUp`, `Space`, `ShiftLeft`, `F1` …). A field left out keeps its default keys.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
struct KeyFile {
    forward: Vec<String>,
    back: Vec<String>,
    left: Vec<String>,
    right: Vec<String>,
    turn_left: Vec<String>,
    turn_right: Vec<String>,
    crouch: Vec<String>,
    choices: Vec<String>,
    camera: Vec<String>,
    confirm: Vec<String>,
    quit: Vec<String>,
    text_larger: Vec<String>,
    text_smaller: Vec<String>,
}

impl Default for KeyFile {
    fn default() -> KeyFile {
        let v = |k: &[&str]| k.iter().map(|s| s.to_string()).collect();
        KeyFile {
            forward: v(&["KeyW", "ArrowUp"]),
            back: v(&["KeyS", "ArrowDown"]),
            left: v(&["KeyA"]),
            right: v(&["KeyD"]),
            turn_left: v(&["KeyQ", "ArrowLeft"]),
            turn_right: v(&["KeyE", "ArrowRight"]),
            crouch: v(&["KeyC", "ControlLeft"]),
            choices: v(&[
                "Digit1", "Digit2", "Digit3", "Digit4", "Digit5", "Digit6", "Digit7", "Digit8",
                "Digit9",
            ]),
            camera: v(&["Tab"]),
            confirm: v(&["Enter", "Space"]),
            quit: v(&["Escape"]),
            text_larger: v(&["Equal", "NumpadAdd"]),
            text_smaller: v(&["Minus", "NumpadSubtract"]),
        }
    }
}

/// The keys of every command.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct KeyBindings {
    keys: Vec<(Command, Vec<KeyCode>)>,
}

impl Default for KeyBindings {
    fn default() -> KeyBindings {
        KeyBindings::from_file(&KeyFile::default(), "", "")
            .expect("the default key names are known")
    }
}

impl KeyBindings {
    /// Read bindings from RON. Errors name the file, line, column and field.
    pub fn parse(src: &str, file: &str) -> Result<KeyBindings, String> {
        let f: KeyFile = ron::from_str(src).map_err(|e| {
            format!(
                "{file}:{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            )
        })?;
        KeyBindings::from_file(&f, src, file)
    }

    fn from_file(f: &KeyFile, src: &str, file: &str) -> Result<KeyBindings, String> {
        let fields: [(&str, &Vec<String>); 13] = [
            ("forward", &f.forward),
            ("back", &f.back),
            ("left", &f.left),
            ("right", &f.right),
            ("turn_left", &f.turn_left),
            ("turn_right", &f.turn_right),
            ("crouch", &f.crouch),
            ("choices", &f.choices),
            ("camera", &f.camera),
            ("confirm", &f.confirm),
            ("quit", &f.quit),
            ("text_larger", &f.text_larger),
            ("text_smaller", &f.text_smaller),
        ];
        let mut keys = Vec::new();
        for (field, names) in fields {
            let mut codes = Vec::new();
            for n in names {
                let code = key_code(n).ok_or_else(|| {
                    let (line, col) = position_of(src, n);
                    format!(
                        "{file}:{line}:{col}: field `{field}`: unknown key `{n}` (keys are named as Bevy's KeyCode: KeyW, Digit1, ArrowUp, Space, Enter, ShiftLeft, F1 …)"
                    )
                })?;
                codes.push(code);
            }
            if field == "choices" {
                if codes.len() > 9 {
                    let (line, col) = position_of(src, "choices");
                    return Err(format!(
                        "{file}:{line}:{col}: field `choices`: at most 9 keys (one per numbered action), found {}",
                        codes.len()
                    ));
                }
                for (k, c) in codes.into_iter().enumerate() {
                    keys.push((Command::Choice(k as u8 + 1), vec![c]));
                }
                continue;
            }
            let command = match field {
                "forward" => Command::Forward,
                "back" => Command::Back,
                "left" => Command::Left,
                "right" => Command::Right,
                "turn_left" => Command::TurnLeft,
                "turn_right" => Command::TurnRight,
                "crouch" => Command::Crouch,
                "camera" => Command::Camera,
                "confirm" => Command::Confirm,
                "quit" => Command::Quit,
                "text_larger" => Command::TextLarger,
                _ => Command::TextSmaller,
            };
            keys.push((command, codes));
        }
        Ok(KeyBindings { keys })
    }

    fn codes(&self, c: Command) -> &[KeyCode] {
        self.keys
            .iter()
            .find(|(k, _)| *k == c)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    pub fn pressed(&self, c: Command, input: &ButtonInput<KeyCode>) -> bool {
        input.any_pressed(self.codes(c).iter().copied())
    }

    pub fn just_pressed(&self, c: Command, input: &ButtonInput<KeyCode>) -> bool {
        input.any_just_pressed(self.codes(c).iter().copied())
    }

    /// The first key of a command as the prompt shows it ("W", "1", "Tab").
    pub fn label(&self, c: Command) -> String {
        self.codes(c).first().map_or("–".into(), |k| {
            let name = format!("{k:?}");
            let short = match *k {
                KeyCode::Equal | KeyCode::NumpadAdd => "+",
                KeyCode::Minus | KeyCode::NumpadSubtract => "-",
                KeyCode::Escape => "Esc",
                KeyCode::ArrowUp => "↑",
                KeyCode::ArrowDown => "↓",
                KeyCode::ArrowLeft => "←",
                KeyCode::ArrowRight => "→",
                KeyCode::ControlLeft | KeyCode::ControlRight => "Ctrl",
                KeyCode::ShiftLeft | KeyCode::ShiftRight => "Shift",
                KeyCode::AltLeft | KeyCode::AltRight => "Alt",
                _ => "",
            };
            if !short.is_empty() {
                return short.to_string();
            }
            name.strip_prefix("Key")
                .or_else(|| name.strip_prefix("Digit"))
                .unwrap_or(&name)
                .to_string()
        })
    }
}

/// Line and column (1-based) of the first quoted occurrence of `needle` in `src`.
fn position_of(src: &str, needle: &str) -> (usize, usize) {
    let at = src
        .find(&format!("\"{needle}\""))
        .or_else(|| src.find(needle))
        .unwrap_or(0);
    let line = src[..at].matches('\n').count() + 1;
    let col = at - src[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    (line, col)
}

/// Bevy's `KeyCode` by its name (the keys a drill can use).
fn key_code(name: &str) -> Option<KeyCode> {
    use KeyCode::*;
    const LETTERS: [KeyCode; 26] = [
        KeyA, KeyB, KeyC, KeyD, KeyE, KeyF, KeyG, KeyH, KeyI, KeyJ, KeyK, KeyL, KeyM, KeyN, KeyO,
        KeyP, KeyQ, KeyR, KeyS, KeyT, KeyU, KeyV, KeyW, KeyX, KeyY, KeyZ,
    ];
    const DIGITS: [KeyCode; 10] = [
        Digit0, Digit1, Digit2, Digit3, Digit4, Digit5, Digit6, Digit7, Digit8, Digit9,
    ];
    const NUMPAD: [KeyCode; 10] = [
        Numpad0, Numpad1, Numpad2, Numpad3, Numpad4, Numpad5, Numpad6, Numpad7, Numpad8, Numpad9,
    ];
    const F: [KeyCode; 12] = [F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12];
    const OTHERS: [KeyCode; 24] = [
        ArrowUp,
        ArrowDown,
        ArrowLeft,
        ArrowRight,
        Space,
        Enter,
        Tab,
        Escape,
        Backspace,
        ShiftLeft,
        ShiftRight,
        ControlLeft,
        ControlRight,
        AltLeft,
        AltRight,
        Minus,
        Equal,
        Comma,
        Period,
        Slash,
        Semicolon,
        NumpadAdd,
        NumpadSubtract,
        NumpadEnter,
    ];
    LETTERS
        .iter()
        .chain(&DIGITS)
        .chain(&NUMPAD)
        .chain(&F)
        .chain(&OTHERS)
        .copied()
        .find(|k| format!("{k:?}") == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bindings_walk_on_wasd_and_number_the_choices() {
        let k = KeyBindings::default();
        assert_eq!(k.codes(Command::Forward), [KeyCode::KeyW, KeyCode::ArrowUp]);
        assert_eq!(k.codes(Command::Choice(3)), [KeyCode::Digit3]);
        assert_eq!(k.label(Command::Choice(3)), "3");
        assert_eq!(k.label(Command::Crouch), "C");
    }

    #[test]
    fn a_key_file_rebinds_only_what_it_names() {
        let k = KeyBindings::parse("(forward: [\"KeyZ\"], crouch: [\"Space\"])", "k.ron").unwrap();
        assert_eq!(k.codes(Command::Forward), [KeyCode::KeyZ]);
        assert_eq!(k.codes(Command::Crouch), [KeyCode::Space]);
        assert_eq!(k.codes(Command::Back), [KeyCode::KeyS, KeyCode::ArrowDown]);
    }

    #[test]
    fn docs_keys_ron_is_the_default_set() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.ron");
        let src = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            KeyBindings::parse(&src, "docs/keys.ron").unwrap(),
            KeyBindings::default()
        );
    }

    #[test]
    fn bad_key_files_name_file_line_and_field() {
        let e = KeyBindings::parse("(\n  forward: [\"KeyW\"],\n  back: [\"Kew\"],\n)", "k.ron")
            .unwrap_err();
        assert!(
            e.starts_with("k.ron:3:10: field `back`: unknown key `Kew`"),
            "{e}"
        );
        let e = KeyBindings::parse("(\n  jump: [\"Space\"],\n)", "k.ron").unwrap_err();
        assert!(e.starts_with("k.ron:2:") && e.contains("jump"), "{e}");
    }
}
