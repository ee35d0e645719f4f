//! The journal plugin: everything recorded in a tick goes to the journal at the tick's end,
//! flushed at least every simulated second (see `crate::journal`).

use super::clock::DrillClock;
use super::log::EventLog;
use super::{DrillSetup, SimSet, SimTick, TICK_HZ};
use crate::journal::{Header, JournalWriter};
use bevy::prelude::*;
use std::io::Write;

/// The journal being written.
#[derive(Resource)]
pub struct JournalSink {
    writer: Option<JournalWriter<Box<dyn Write + Send + Sync>>>,
    entries: u64,
    /// The first write error; the run reports it and stops.
    pub error: Option<String>,
}

impl JournalSink {
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Write out what is buffered (the drill may not have ended: a stopped one is read back).
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.writer.as_mut().map_or(Ok(()), |w| w.flush())
    }
}

/// The journal header of a run: a blind drill shows only its commitment until the end.
pub fn header(setup: &DrillSetup) -> Header {
    Header {
        journal_version: 1,
        engine_version: setup.engine_version.clone(),
        scenario_id: setup.scenario.meta.id.clone(),
        scenario_sha256: setup.scenario_sha256.clone(),
        seed: if setup.blind.is_some() {
            None
        } else {
            Some(setup.seed.0)
        },
        commitment: setup.blind.as_ref().map(|b| b.commitment.clone()),
        tick_hz: TICK_HZ,
    }
}

pub(super) fn open(app: &mut App, out: Box<dyn Write + Send + Sync>) -> Result<(), String> {
    let h = header(app.world().resource::<DrillSetup>());
    let writer =
        JournalWriter::new(out, &h).map_err(|e| format!("cannot write the journal: {e}"))?;
    app.insert_resource(JournalSink {
        writer: Some(writer),
        entries: 0,
        error: None,
    });
    Ok(())
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(SimTick, write.in_set(SimSet::Record));
}

pub fn write(clock: Res<DrillClock>, mut log: ResMut<EventLog>, mut sink: ResMut<JournalSink>) {
    let sink = &mut *sink;
    let Some(w) = sink.writer.as_mut() else {
        return;
    };
    let mut result = Ok(());
    for (tick, e) in &log.entries[log.recorded..] {
        let value = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
        result = result.and_then(|()| w.record(*tick, &value));
        sink.entries += 1;
    }
    log.recorded = log.entries.len();
    result = result.and_then(|()| w.tick(clock.tick));
    if clock.ended.is_some()
        && let Some(w) = sink.writer.take()
    {
        result = result.and(w.finish().map(|_| ()));
    }
    if let Err(e) = result
        && sink.error.is_none()
    {
        sink.error = Some(format!("cannot write the journal: {e}"));
    }
}
