//! Stage 8a (decided just before emission): which `if`s, `block`s and `loop`s yield a
//! value.
//!
//! A structure yields the value of a local `L` when the value reaches its `end` on the
//! operand stack and a single `local.set L` follows the `end`. Each way into the end —
//! an arm of an `if … else … end` falling through, a `br` to a `block`, or a `block`'s
//! own fall-through — then either drops its final `local.set L` (the value stays on
//! the stack: typically the parallel copy into a merge block's parameter) or, when it
//! ends otherwise, pushes `local.get L` (L already holds the value it should have after
//! the end, so this changes nothing). Ways that end in a `br`/`return` elsewhere cost
//! nothing (the stack is polymorphic there). The trade is made when it saves bytes:
//! 2 per dropped set, minus 2 per added get, minus 2 for the set after the `end`, plus
//! 2 when the code after the `end` starts by reading L (`local.set L; local.get L`
//! becomes `local.tee L`), or 4 when that read is the value's only use (both vanish).
//!
//! A `br_if` or `br_table` to a block (which cannot carry the value here) rules the
//! block out; an `if` needs an `else`. A `loop` yields what its body's fall-through
//! leaves (branches to a loop go back to its start and carry nothing). Nested diamonds yield through every level (a
//! yielding structure counts as setting L at its `end`). This module only decides: what
//! an item emits first and last is the emitter's knowledge, passed in as
//! [`Ends`]. It does not change which code runs. Cost: linear.

use crate::structure::{Item, Label};
use cranelift_entity::SecondaryMap;
use lir::Block;

/// What the emitter knows about the first and last instruction of single items.
pub(crate) trait Ends {
    /// The local that `item` sets as the last thing it emits (`Code` and `Copies`).
    fn tail_set(&self, item: &Item) -> Option<u32>;
    /// The local that the first instruction of `item` reads, and whether that read is
    /// the only use of the value in it.
    fn head_get(&self, item: &Item) -> Option<(u32, bool)>;
}

/// How one way into a structure's end arrives.
#[derive(Clone, Copy, Debug)]
enum Edge {
    /// The code before it sets this local last.
    Set(u32),
    /// It falls out of the structure closed by this `End` item (which sets L after its
    /// end if it yields L).
    Child(usize),
    /// Anything else: yielding L costs a `local.get L` here.
    Other,
}

/// An open structure during the scan.
struct Open {
    at: usize,
    else_at: Option<usize>,
    edges: Vec<Edge>,
    /// A way in that cannot carry a value.
    blocked: bool,
}

/// A closed structure that may yield.
struct Closed {
    opener: usize,
    edges: Vec<Edge>,
    /// The best locals to yield and the bytes each saves, when the code after the `end`
    /// sets it (at most [`CANDIDATES`] entries).
    best: Vec<(u32, i64)>,
    /// What the code after the `end` reads first.
    head: Option<(u32, bool)>,
}

/// Locals considered per structure.
const CANDIDATES: usize = 4;

/// For every `If`, `Block` and `Loop` item that yields the value of a local `L` (see the
/// module documentation), `Some(L)`; `None` for every other item.
///
/// Bottom-up, each structure gets the bytes yielding each candidate local would save
/// (a way in that falls out of a nested structure counts as a set when that one yields
/// the same local too); then top-down, outermost first, each structure yields what its
/// parent wants when that pays, or else the local that saves most on its own.
pub(crate) fn yielding(items: &[Item], ends: &impl Ends) -> Vec<Option<u32>> {
    let may_yield = |item: &Item| matches!(item, Item::Else | Item::Block(_) | Item::Loop(_));
    if !items.iter().any(may_yield) {
        return vec![None; items.len()];
    }
    let mut closed: Vec<Closed> = Vec::new();
    // For each `End` item of a candidate structure, its index in `closed`.
    let mut closed_at: Vec<Option<usize>> = vec![None; items.len()];
    let edge_before = |k: usize, closed_at: &[Option<usize>]| -> Option<Edge> {
        match &items[k] {
            item if item.is_unconditional_exit() => None,
            Item::End => Some(closed_at[k].map_or(Edge::Other, |_| Edge::Child(k))),
            item => Some(ends.tail_set(item).map_or(Edge::Other, Edge::Set)),
        }
    };
    let mut open: Vec<Open> = Vec::new();
    let mut frame_of: SecondaryMap<Block, usize> = SecondaryMap::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            _ if item.opens() => {
                if let Item::Block(b) = item {
                    frame_of[*b] = open.len();
                }
                open.push(Open {
                    at: i,
                    else_at: None,
                    edges: Vec::new(),
                    blocked: false,
                });
            }
            Item::Else => {
                let Some(top) = open.last_mut() else { continue };
                top.else_at = Some(i);
                if let Some(edge) = edge_before(i - 1, &closed_at) {
                    top.edges
                        .push(if i - 1 == top.at { Edge::Other } else { edge });
                }
            }
            Item::Br(Label::Block(b)) => {
                let frame = open
                    .get_mut(frame_of[*b])
                    .filter(|f| items[f.at] == Item::Block(*b));
                if let (Some(edge), Some(frame)) = (edge_before(i - 1, &closed_at), frame) {
                    frame.edges.push(edge);
                }
            }
            Item::BrIf(..) | Item::BrTable { .. } => {
                for label in item.targets() {
                    if let Label::Block(b) = label {
                        let frame = open
                            .get_mut(frame_of[b])
                            .filter(|f| items[f.at] == Item::Block(b));
                        if let Some(frame) = frame {
                            frame.blocked = true;
                        }
                    }
                }
            }
            Item::End => {
                let Some(mut frame) = open.pop() else {
                    continue;
                };
                let a = frame.at;
                let eligible = match items[a] {
                    Item::If(_) => frame.else_at.is_some(),
                    Item::Block(_) => !frame.blocked,
                    // Only its fall-through reaches a loop's end.
                    Item::Loop(_) => true,
                    _ => false,
                };
                if !eligible {
                    continue;
                }
                if let Some(edge) = edge_before(i - 1, &closed_at) {
                    let empty_else = Some(i - 1) == frame.else_at;
                    frame
                        .edges
                        .push(if empty_else { Edge::Other } else { edge });
                }
                let best = best_locals(&frame.edges, &closed, &closed_at);
                closed_at[i] = Some(closed.len());
                closed.push(Closed {
                    opener: a,
                    edges: frame.edges,
                    best,
                    head: items.get(i + 1).and_then(|next| ends.head_get(next)),
                });
            }
            _ => {}
        }
    }
    decide(&closed, &closed_at, items.len())
}

/// The top-down choice (parents close after their children, so come later).
fn decide(closed: &[Closed], closed_at: &[Option<usize>], n: usize) -> Vec<Option<u32>> {
    let mut result = vec![None; n];
    let mut wanted: Vec<Option<u32>> = vec![None; closed.len()];
    for c in (0..closed.len()).rev() {
        let s = &closed[c];
        let saving = |l: u32| s.best.iter().find(|&&(m, _)| m == l).map(|&(_, v)| v);
        let chosen = match wanted[c] {
            // The parent counts this structure as a set (+2) instead of a get (-2).
            Some(l) if saving(l).is_some_and(|v| v + 2 > -2) => Some(l),
            _ => s
                .best
                .iter()
                .map(|&(l, v)| (l, v + head_bonus(s.head, l)))
                .filter(|&(_, v)| v > 0)
                .max_by_key(|&(l, v)| (v, std::cmp::Reverse(l)))
                .map(|(l, _)| l),
        };
        result[s.opener] = chosen;
        if let Some(l) = chosen {
            for edge in &s.edges {
                if let Edge::Child(k) = edge {
                    if let Some(child) = closed_at[*k] {
                        wanted[child] = Some(l);
                    }
                }
            }
        }
    }
    result
}

/// Bytes saved when the code after the `end` starts by reading `l`.
fn head_bonus(head: Option<(u32, bool)>, l: u32) -> i64 {
    match head {
        Some((h, true)) if h == l => 4,
        Some((h, false)) if h == l => 2,
        _ => 0,
    }
}

/// The candidate locals of a structure with these edges, and what yielding each
/// saves when the code after the `end` sets it (see [`yielding`]).
fn best_locals(edges: &[Edge], closed: &[Closed], closed_at: &[Option<usize>]) -> Vec<(u32, i64)> {
    let child = |k: usize| closed_at[k].map(|c| &closed[c]);
    let mut candidates: Vec<u32> = Vec::new();
    for edge in edges {
        match *edge {
            Edge::Set(l) => candidates.push(l),
            Edge::Child(k) => candidates.extend(
                child(k)
                    .into_iter()
                    .flat_map(|c| c.best.iter().map(|&(l, _)| l)),
            ),
            Edge::Other => {}
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut best: Vec<(u32, i64)> = candidates
        .into_iter()
        .map(|l| {
            let value: i64 = edges
                .iter()
                .map(|edge| match *edge {
                    Edge::Set(m) if m == l => 2,
                    Edge::Child(k) => child(k)
                        .and_then(|c| c.best.iter().find(|&&(m, _)| m == l))
                        .map_or(-2, |&(_, v)| (v + 2).max(-2)),
                    _ => -2,
                })
                .sum();
            (l, value - 2)
        })
        .collect();
    best.sort_by_key(|&(l, v)| (std::cmp::Reverse(v), l));
    best.truncate(CANDIDATES);
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::Cond;
    use lir::{Block, Value};

    fn code(i: u32) -> Item {
        Item::Code(Block::from_u32(i))
    }

    fn cond() -> Cond {
        Cond::Value {
            value: Value::from_u32(0),
            negate: false,
        }
    }

    /// Code 1 and 3 set local 5, Code 2 sets local 6; Code 5 starts by reading 5.
    struct Fake;

    impl Ends for Fake {
        fn tail_set(&self, item: &Item) -> Option<u32> {
            match item {
                Item::Code(b) if b.as_u32() == 2 => Some(6),
                Item::Code(b) if [1, 3].contains(&b.as_u32()) => Some(5),
                _ => None,
            }
        }

        fn head_get(&self, item: &Item) -> Option<(u32, bool)> {
            match item {
                Item::Code(b) if b.as_u32() == 5 => Some((5, true)),
                _ => None,
            }
        }
    }

    #[test]
    fn nested_diamonds_yield_through_every_level() {
        let items = vec![
            code(0),
            Item::If(cond()),
            code(1),
            Item::Else,
            Item::If(cond()),
            code(3),
            Item::Else,
            code(3),
            Item::End,
            Item::End,
            Item::If(cond()),
            code(1),
            Item::Else,
            code(2),
            Item::End,
            Item::If(cond()),
            code(1),
            Item::End,
            Item::If(cond()),
            code(1),
            Item::Else,
            code(0),
            Item::End,
            code(5),
        ];
        let r = yielding(&items, &Fake);
        assert_eq!(r[1], Some(5));
        assert_eq!(r[4], Some(5));
        assert_eq!(r[10], None, "arms set different locals");
        assert_eq!(r[15], None, "no else arm");
        assert_eq!(r[18], Some(5), "one set, one get, and a read after the end");
    }

    #[test]
    fn blocks_yield_when_enough_branches_set_the_same_local() {
        let to = |i: u32| Label::Block(Block::from_u32(i));
        let items = vec![
            Item::Block(Block::from_u32(9)),
            code(0),
            Item::If(cond()),
            code(1),
            Item::Br(to(9)),
            Item::End,
            code(3),
            Item::End,
            Item::Block(Block::from_u32(8)),
            code(1),
            Item::BrIf(cond(), to(8)),
            code(2),
            Item::End,
            Item::Block(Block::from_u32(7)),
            code(0),
            Item::Br(to(7)),
            Item::End,
        ];
        let r = yielding(&items, &Fake);
        assert_eq!(r[0], Some(5));
        assert_eq!(r[8], None, "a br_if cannot carry the value");
        assert_eq!(r[13], None, "the branch does not set the local");
    }
}
