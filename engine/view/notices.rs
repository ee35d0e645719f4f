//! The notice on screen: the latest message to the trainee (an inject's message, or in a public
//! experience its hint) or hazard event, for the desktop's HUD and the web hall's page alike.

use crate::journal::events::SimEvent;
use crate::scenario::schema::{Audience, Channel, Text};
use crate::sim::DrillSetup;
use crate::sim::log::EventLog;
use crate::words::Words;
use bevy::prelude::*;

/// Drill seconds a notice stays on screen (unless the next one replaces it).
const NOTICE_S: f64 = 45.0;

#[derive(Resource, Default)]
pub struct Notices {
    scanned: usize,
    /// The latest notice and the tick it came.
    latest: Option<(Text, u64)>,
}

impl Notices {
    /// The notice to show at `tick`, if one is fresh.
    pub fn current(&self, tick: u64) -> Option<&Text> {
        self.latest
            .as_ref()
            .filter(|(_, at)| tick < at + crate::sim::clock::tick_of(NOTICE_S))
            .map(|(m, _)| m)
    }
}

/// The scan of the frame's new events; what shows the notice runs after it.
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NoticeSet;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Notices>().add_systems(
        Update,
        scan.in_set(NoticeSet).after(super::stepping::StepSet),
    );
}

fn scan(setup: Res<DrillSetup>, log: Res<EventLog>, mut notices: ResMut<Notices>) {
    // Hints are for the public: a trainee's drill does not coach.
    let public = setup.scenario.meta.audience == Audience::Public;
    let start = notices.scanned.min(log.entries.len());
    for (t, e) in &log.entries[start..] {
        match e {
            SimEvent::InjectFired {
                message: Some(m),
                channel,
                ..
            } if *channel != Channel::Hint || public => notices.latest = Some((m.clone(), *t)),
            SimEvent::Hazard { event } => {
                let (zh, en) = event.words();
                let m = Text {
                    zh: format!("【{zh}】"),
                    en: format!("[{en}]"),
                };
                notices.latest = Some((m, *t));
            }
            SimEvent::InjectFired { .. }
            | SimEvent::DrillStarted { .. }
            | SimEvent::PhaseChanged { .. }
            | SimEvent::EvacuationCapacity { .. }
            | SimEvent::Aftershock { .. }
            | SimEvent::GroundMotion { .. }
            | SimEvent::WarningIssued { .. }
            | SimEvent::Blocked { .. }
            | SimEvent::Cleared { .. }
            | SimEvent::NotSimulated { .. }
            | SimEvent::Action { .. }
            | SimEvent::HeadCount { .. }
            | SimEvent::Report { .. }
            | SimEvent::StartedMoving { .. }
            | SimEvent::PassedDoor { .. }
            | SimEvent::EnteredStair { .. }
            | SimEvent::TookLift { .. }
            | SimEvent::LeftBuilding { .. }
            | SimEvent::Arrived { .. }
            | SimEvent::StayedBehind { .. }
            | SimEvent::Swept { .. }
            | SimEvent::LedByHand { .. }
            | SimEvent::FireStarted { .. }
            | SimEvent::FireReached { .. }
            | SimEvent::FireGrowth { .. }
            | SimEvent::WaterReached { .. }
            | SimEvent::HouseCutOff { .. }
            | SimEvent::FloodGrowth { .. }
            | SimEvent::RoadFlooded { .. }
            | SimEvent::InWater { .. }
            | SimEvent::WindChanged { .. }
            | SimEvent::Scouted { .. }
            | SimEvent::LookoutPosted { .. }
            | SimEvent::LineAnchored { .. }
            | SimEvent::AttackBegun { .. }
            | SimEvent::FirelineBuilt { .. }
            | SimEvent::LcesChecked { .. }
            | SimEvent::FireAtFuelBreak { .. }
            | SimEvent::SmokeReached { .. }
            | SimEvent::Escaping { .. }
            | SimEvent::Injured { .. }
            | SimEvent::Fell { .. }
            | SimEvent::Woke { .. }
            | SimEvent::Panicked { .. }
            | SimEvent::TookPosture { .. }
            | SimEvent::Postures { .. }
            | SimEvent::ContentsDamage { .. }
            | SimEvent::Stranded { .. }
            | SimEvent::DrillEnded { .. }
            | SimEvent::Revealed { .. } => {}
        }
    }
    notices.scanned = log.entries.len();
}
