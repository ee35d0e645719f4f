//! Seeded randomness for a deterministic drill.
//!
//! One seed per run. Each subsystem draws from its own ChaCha20 stream, keyed by SHA-256 of the
//! seed and the subsystem's label, so one subsystem's extra draw never shifts another's, and the
//! streams are the same on every platform (ChaCha is portable; no thread_rng, no wall clock).

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use sha2::{Digest, Sha256};

/// The run's seed, from which every stream is forked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSeed(pub u64);

impl RunSeed {
    /// The stream for one subsystem, e.g. `"crowd"`, `"blind"`, `"bot:teacher-1-1"`.
    pub fn stream(self, label: &str) -> ChaCha20Rng {
        let mut h = Sha256::new();
        h.update(b"drillhall-rng-v1\0");
        h.update(self.0.to_le_bytes());
        h.update(label.as_bytes());
        ChaCha20Rng::from_seed(h.finalize().into())
    }

    /// A seed nobody knows in advance: from the operating system (for double-blind draws).
    pub fn from_os() -> Result<RunSeed, String> {
        use rand::TryRngCore;
        rand::rngs::OsRng
            .try_next_u64()
            .map(RunSeed)
            .map_err(|e| format!("the operating system gave no random seed: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngCore;

    #[test]
    fn streams_are_reproducible_and_independent() {
        let seed = RunSeed(7);
        let a: Vec<u64> = (0..4).map(|_| seed.stream("crowd").next_u64()).collect();
        assert!(
            a.windows(2).all(|w| w[0] == w[1]),
            "same label, same stream"
        );
        let mut crowd = seed.stream("crowd");
        let mut blind = seed.stream("blind");
        let first_blind = blind.next_u64();
        // Extra draws in one stream do not move the other.
        for _ in 0..100 {
            crowd.next_u64();
        }
        assert_eq!(seed.stream("blind").next_u64(), first_blind);
        assert_ne!(seed.stream("crowd").next_u64(), first_blind);
        assert_ne!(RunSeed(8).stream("blind").next_u64(), first_blind);
    }

    /// Measured on x86_64 Linux; the wasm32 build must give the same.
    const PINNED: u64 = 0x25de_29d6_84fb_c0eb;

    #[test]
    fn stream_values_are_pinned_across_platforms() {
        // ChaCha20 keyed by SHA-256 is specified bit for bit; a change here breaks replays.
        let v = RunSeed(7).stream("crowd").next_u64();
        println!("RunSeed(7).stream(\"crowd\") first u64 = {v:#018x}");
        assert_eq!(v, PINNED);
    }
}
