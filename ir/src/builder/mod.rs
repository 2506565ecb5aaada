//! The builder API for frontends (placeholder until it lands).
