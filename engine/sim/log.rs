//! The drill's event log: everything that happened so far, in order. The journal plugin writes
//! it out; bots, injects, phases and the views read it. The events themselves are the journal's
//! vocabulary (`crate::journal::events`), which knows nothing of Bevy.

use crate::journal::events::SimEvent;
use bevy::prelude::Resource;

/// Everything that happened so far, in order. The journal writes it out; bots, injects and
/// phases read it.
#[derive(Resource, Default, Debug)]
pub struct EventLog {
    pub entries: Vec<(u64, SimEvent)>,
    /// How many entries the journal has written.
    pub recorded: usize,
}

impl EventLog {
    pub fn push(&mut self, tick: u64, event: SimEvent) {
        self.entries.push((tick, event));
    }

    /// The first tick at which an event matching `f` happened.
    pub fn first(&self, f: impl Fn(&SimEvent) -> bool) -> Option<u64> {
        self.entries.iter().find(|(_, e)| f(e)).map(|(t, _)| *t)
    }
}
