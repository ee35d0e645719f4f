//! The one App builder. The simulation (`crate::sim::add_drill`) is the same on every surface;
//! the surfaces differ only in the plugins added around it: nothing for a headless run, the
//! window and the view for the desktop, the canvas and the page bridge for the web hall.

use crate::sim::{self, DrillSetup};
use bevy::app::{App, TaskPoolPlugin};
use std::io::Write;

/// Which surface the App is for.
#[derive(Clone, Debug)]
pub enum Surface {
    /// No window, no GPU; the caller steps [`sim::SimTick`] as fast as it likes.
    Headless,
    /// A window with the view plugins; the frame loop steps the drill (`drillhall play`).
    Desktop(crate::view::ViewOptions),
    /// The web hall's canvas: the scene, with the page around it (`crate::hall`).
    Hall(crate::view::ViewOptions),
}

/// The App for a drill on `surface`: its base plugins, the simulation, then the surface's own.
/// `journal` receives the journal (a file, memory, or `io::sink()`).
pub fn build_app(
    setup: DrillSetup,
    journal: Box<dyn Write + Send + Sync>,
    surface: Surface,
) -> Result<App, String> {
    let mut app = App::new();
    let title = |opts: &crate::view::ViewOptions| {
        crate::words::pick(opts.lang, &setup.scenario.meta.title).to_string()
    };
    match &surface {
        Surface::Desktop(opts) => {
            app.add_plugins(crate::view::window_plugins(
                format!("drillhall — {}", title(opts)),
                opts.unattended.is_some(),
            ));
            app.insert_resource(opts.clone());
        }
        Surface::Hall(opts) => {
            app.add_plugins(crate::hall::window_plugins(title(opts)));
            app.insert_resource(opts.clone());
        }
        Surface::Headless => {
            // MinimalPlugins without the schedule runner: the headless loop steps the schedule.
            app.add_plugins((
                TaskPoolPlugin::default(),
                bevy::diagnostic::FrameCountPlugin,
                bevy::time::TimePlugin,
            ));
        }
    }
    sim::add_drill(&mut app, setup, journal)?;
    match surface {
        Surface::Headless => {
            app.finish();
            app.cleanup();
        }
        // The window's runner finishes the plugins once the renderer is ready.
        #[cfg(not(target_arch = "wasm32"))]
        Surface::Desktop(_) => {
            app.add_plugins(crate::view::plugin);
        }
        #[cfg(target_arch = "wasm32")]
        Surface::Desktop(_) => return Err("the desktop window is not built for the web".into()),
        Surface::Hall(_) => {
            app.add_plugins(crate::hall::plugin);
        }
    }
    Ok(app)
}
