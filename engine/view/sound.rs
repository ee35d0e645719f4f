//! Sound cues, synthesised here (no recordings ship, so there is no licence to track beyond
//! this code's): the earthquake early-warning beeps, the rumble while the ground shakes, and the
//! alarm bell when someone raises the alarm or signals the evacuation. Every cue has a subtitle
//! (the HUD shows it), so nothing is only heard.
//!
//! The tones follow what people hear in China: the early warning (GB/T 41322 era consumer
//! terminals) is a rapid high beep, the school evacuation signal an electric bell or a two-tone
//! siren. They are cues to recognise, not recordings of a particular device.

use crate::journal::events::{ActionName, SimEvent};
use crate::plan::Action;
use crate::scenario::schema::{Channel, HazardEvent, Text};
use crate::sim::log::EventLog;
use bevy::audio::{AddAudioSource, ChannelCount, Decodable, SampleRate, Source};
use bevy::prelude::*;
use std::sync::Arc;
use std::time::Duration;

const RATE_HZ: u32 = 22_050;

/// A synthesised sound: mono samples.
#[derive(Asset, TypePath, Clone)]
pub struct Tone {
    samples: Arc<[f32]>,
}

pub struct ToneDecoder {
    samples: Arc<[f32]>,
    at: usize,
}

impl Iterator for ToneDecoder {
    type Item = f32;
    fn next(&mut self) -> Option<f32> {
        let s = self.samples.get(self.at).copied();
        self.at += 1;
        s
    }
}

impl Source for ToneDecoder {
    fn current_span_len(&self) -> Option<usize> {
        Some(self.samples.len().saturating_sub(self.at))
    }
    fn channels(&self) -> ChannelCount {
        ChannelCount::MIN
    }
    fn sample_rate(&self) -> SampleRate {
        SampleRate::new(RATE_HZ).unwrap_or(SampleRate::MIN)
    }
    fn total_duration(&self) -> Option<Duration> {
        Some(Duration::from_secs_f64(
            self.samples.len() as f64 / f64::from(RATE_HZ),
        ))
    }
}

impl Decodable for Tone {
    type Decoder = ToneDecoder;
    fn decoder(&self) -> ToneDecoder {
        ToneDecoder {
            samples: self.samples.clone(),
            at: 0,
        }
    }
}

/// The cues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    EarlyWarning,
    Rumble,
    Alarm,
}

impl Cue {
    pub fn subtitle(self) -> Text {
        let (zh, en) = match self {
            Cue::EarlyWarning => (
                "〔地震预警提示音：急促的“嘀嘀”声〕",
                "[Earthquake early warning: rapid beeping]",
            ),
            Cue::Rumble => (
                "〔低沉的隆隆声，物品碰撞声〕",
                "[Deep rumbling, things rattling]",
            ),
            Cue::Alarm => (
                "〔警铃长鸣：疏散信号〕",
                "[Alarm bell ringing: the evacuation signal]",
            ),
        };
        crate::words::text(zh, en)
    }

    /// How long the cue lasts, seconds.
    fn length_s(self) -> f64 {
        match self {
            Cue::EarlyWarning => 6.0,
            Cue::Rumble => 8.0,
            Cue::Alarm => 6.0,
        }
    }

    /// The waveform at time `t` seconds (amplitude within ±0.5).
    fn sample(self, t: f64, noise: &mut u32) -> f32 {
        use std::f64::consts::TAU;
        let v = match self {
            // 1.2 kHz beeps, 0.15 s on, 0.1 s off.
            Cue::EarlyWarning => {
                if t % 0.25 < 0.15 {
                    0.35 * (TAU * 1200.0 * t).sin().signum() * 0.6 + 0.15 * (TAU * 2400.0 * t).sin()
                } else {
                    0.0
                }
            }
            // Low-passed noise under a 40 Hz hum, swelling and fading.
            Cue::Rumble => {
                *noise = noise.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let white = f64::from(*noise >> 8) / f64::from(1u32 << 24) - 0.5;
                let env = (t / 1.5).min(1.0) * ((8.0 - t) / 2.0).clamp(0.0, 1.0);
                env * (0.25 * (TAU * 40.0 * t).sin() + 0.3 * white * (TAU * 7.0 * t).sin().abs())
            }
            // An electric bell: 800 Hz struck 20 times a second.
            Cue::Alarm => {
                let strike = (t * 20.0).fract();
                0.45 * (-strike * 6.0).exp() * (TAU * 800.0 * t).sin()
            }
        };
        v as f32
    }

    fn tone(self) -> Tone {
        let n = (self.length_s() * f64::from(RATE_HZ)) as usize;
        let mut noise = 0x1234_5678u32;
        let mut samples: Vec<f32> = (0..n)
            .map(|k| self.sample(k as f64 / f64::from(RATE_HZ), &mut noise))
            .collect();
        // Rumble: a one-pole low-pass, so it is felt more than heard.
        if self == Cue::Rumble {
            let mut y = 0.0f32;
            for s in &mut samples {
                y += 0.08 * (*s - y);
                *s = y * 3.0;
            }
        }
        Tone {
            samples: samples.into(),
        }
    }
}

#[derive(Resource)]
struct Tones(Vec<(Cue, Handle<Tone>)>);

/// The latest cue and when it began (wall seconds), for the subtitle.
#[derive(Resource, Default)]
pub struct Heard {
    pub cue: Option<(Cue, f32)>,
    scanned: usize,
}

impl Heard {
    /// The subtitle to show now (a cue's stays for its length).
    pub fn subtitle(&self, now_s: f32) -> Option<Text> {
        let (cue, at) = self.cue?;
        (now_s - at <= cue.length_s() as f32).then(|| cue.subtitle())
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_audio_source::<Tone>();
    let tones = {
        let mut assets = app.world_mut().resource_mut::<Assets<Tone>>();
        [Cue::EarlyWarning, Cue::Rumble, Cue::Alarm]
            .into_iter()
            .map(|c| (c, assets.add(c.tone())))
            .collect()
    };
    app.insert_resource(Tones(tones))
        .init_resource::<Heard>()
        .add_systems(Update, listen.after(super::stepping::StepSet));
}

/// The cue an event sounds, if any.
pub fn cue_of(e: &SimEvent) -> Option<Cue> {
    match e {
        SimEvent::Hazard {
            event: HazardEvent::EarlyWarning,
        } => Some(Cue::EarlyWarning),
        SimEvent::Hazard {
            event: HazardEvent::ShakingStarts,
        } => Some(Cue::Rumble),
        SimEvent::Action {
            action: ActionName::Plan(Action::RaiseAlarm | Action::SignalEvacuation),
            ..
        } => Some(Cue::Alarm),
        SimEvent::InjectFired {
            channel: Channel::Siren,
            ..
        } => Some(Cue::Alarm),
        SimEvent::Hazard { .. }
        | SimEvent::Action { .. }
        | SimEvent::InjectFired { .. }
        | SimEvent::DrillStarted { .. }
        | SimEvent::PhaseChanged { .. }
        | SimEvent::EvacuationCapacity { .. }
        | SimEvent::Aftershock { .. }
        | SimEvent::GroundMotion { .. }
        | SimEvent::WarningIssued { .. }
        | SimEvent::Blocked { .. }
        | SimEvent::Cleared { .. }
        | SimEvent::NotSimulated { .. }
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
        | SimEvent::Revealed { .. } => None,
    }
}

fn listen(
    mut commands: Commands,
    log: Res<EventLog>,
    tones: Res<Tones>,
    time: Res<Time>,
    mut heard: ResMut<Heard>,
) {
    let new = log.entries.len();
    // One cue per frame at most: ten people raising the alarm ring one bell.
    let cue = log.entries[heard.scanned..]
        .iter()
        .filter_map(|(_, e)| cue_of(e))
        .next_back();
    heard.scanned = new;
    let Some(cue) = cue else { return };
    let now = time.elapsed_secs();
    if heard
        .cue
        .is_some_and(|(c, at)| c == cue && now - at < cue.length_s() as f32)
    {
        return;
    }
    heard.cue = Some((cue, now));
    if let Some((_, h)) = tones.0.iter().find(|(c, _)| *c == cue) {
        commands.spawn((AudioPlayer(h.clone()), PlaybackSettings::DESPAWN));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cue_is_audible_bounded_and_subtitled() {
        for c in [Cue::EarlyWarning, Cue::Rumble, Cue::Alarm] {
            let t = c.tone();
            let peak = t.samples.iter().fold(0f32, |m, s| m.max(s.abs()));
            let rms =
                (t.samples.iter().map(|s| s * s).sum::<f32>() / t.samples.len() as f32).sqrt();
            assert!(peak <= 1.0 && rms > 0.02, "{c:?}: peak {peak}, rms {rms}");
            assert!(!c.subtitle().zh.is_empty() && !c.subtitle().en.is_empty());
            assert_eq!(
                t.samples.len(),
                (c.length_s() * f64::from(RATE_HZ)) as usize
            );
        }
    }
}
