//! The random bytes of `syscall.random`: xoshiro256** seeded through SplitMix64,
//! either from a fixed seed (reproducible runs) or from the standard library's
//! OS-provided hash keys and the time. Fast and well distributed, not cryptographic.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// A xoshiro256** generator.
#[derive(Clone, Debug)]
pub(in crate::interp) struct Random {
    state: [u64; 4],
}

fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Random {
    /// A generator seeded with `seed`, or unpredictably when `None`.
    pub fn new(seed: Option<u64>) -> Random {
        let mut x = seed.unwrap_or_else(entropy);
        Random {
            state: std::array::from_fn(|_| splitmix64(&mut x)),
        }
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Fills `buf` with random bytes.
    pub fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

/// A seed from the OS-seeded keys of `RandomState` and the current time.
fn entropy() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::Random;

    #[test]
    fn seeded_generators_repeat_and_differ_by_seed() {
        let (mut a, mut b, mut c) = (
            Random::new(Some(1)),
            Random::new(Some(1)),
            Random::new(Some(2)),
        );
        let (mut x, mut y, mut z) = ([0u8; 37], [0u8; 37], [0u8; 37]);
        a.fill(&mut x);
        b.fill(&mut y);
        c.fill(&mut z);
        assert_eq!(x, y);
        assert_ne!(x, z);
        assert!(x.iter().any(|&byte| byte != 0));
    }
}
