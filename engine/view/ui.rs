//! Helpers of the desktop's text panels (Bevy UI with the shipped CJK font). The web hall's text
//! is the page's HTML, so none of this is built for wasm32.

use super::Lang;
use bevy::prelude::*;

/// Chinese has no spaces to break at and the text engine lacks a CJK line breaker here: break
/// every `width` characters, not before closing punctuation. English is left to the engine.
pub(crate) fn wrap_at(s: &str, lang: Lang, width: usize) -> String {
    if lang == Lang::En {
        return s.to_string();
    }
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        if c == '\n' {
            n = 0;
        } else if n >= width && !"，。；：！？、）》」』".contains(c) {
            out.push('\n');
            n = 0;
        }
        out.push(c);
        n += 1;
    }
    out
}

/// A line of a text panel: text, font size, colour.
pub(crate) type Line = (String, f32, Color);

/// A panel of lines (the title screen, the briefing) across the window's middle, 10 % from its
/// sides and top; `bundle` marks it (and may add a background).
pub(crate) fn spawn_lines(
    commands: &mut Commands,
    font: &Handle<Font>,
    bundle: impl Bundle,
    row_gap_px: f32,
    lines: Vec<Line>,
) {
    commands
        .spawn((
            bundle,
            Node {
                position_type: PositionType::Absolute,
                left: Val::Percent(10.0),
                right: Val::Percent(10.0),
                top: Val::Percent(10.0),
                padding: UiRect::all(Val::Px(24.0)),
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(row_gap_px),
                ..default()
            },
        ))
        .with_children(|c| {
            for (s, size, color) in lines {
                c.spawn((
                    Text::new(s),
                    TextFont::default()
                        .with_font(font.clone())
                        .with_font_size(size),
                    TextColor(color),
                ));
            }
        });
}

/// The shipped CJK font, added to the app's fonts.
pub(crate) fn load_ui_font(app: &mut App) -> UiFont {
    UiFont(
        app.world_mut()
            .resource_mut::<Assets<Font>>()
            .add(Font::from_bytes(
                include_bytes!("../../assets/fonts/NotoSansSC-Subset.otf").to_vec(),
            )),
    )
}

/// [`wrap_at`] for the HUD and panels (about 46 characters at 20 px).
pub(crate) fn wrap(s: &str, lang: Lang) -> String {
    wrap_at(s, lang, 46)
}

/// The CJK font shipped in assets/ (Noto Sans SC, subset; SIL OFL 1.1).
#[derive(Resource, Clone)]
pub struct UiFont(pub Handle<Font>);
