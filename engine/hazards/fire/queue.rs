//! The queue of the landscape's Dijkstra loop.

/// The queue of Dijkstra's loop: an indexed 4-ary min-heap of (key << 32 | cell) that lowers a
/// queued cell's key in place (so every cell is popped once, with no stale entries).
pub(super) struct CellQueue {
    heap: Vec<u64>,
    /// Per cell: its slot in `heap`, or `NOT_QUEUED`.
    slot: Vec<u32>,
}

const NOT_QUEUED: u32 = u32::MAX;

impl CellQueue {
    pub(super) fn new(cells: usize) -> Self {
        CellQueue {
            heap: Vec::with_capacity(1 << 12),
            slot: vec![NOT_QUEUED; cells],
        }
    }

    /// Queue `cell` with `key`, or lower its key if it is queued with a higher one.
    #[inline]
    pub(super) fn push_or_lower(&mut self, key: u32, cell: u32) {
        let item = (u64::from(key) << 32) | u64::from(cell);
        let at = self.slot[cell as usize];
        let i = if at == NOT_QUEUED {
            self.heap.push(item);
            self.heap.len() - 1
        } else {
            let i = at as usize;
            if item >= self.heap[i] {
                return;
            }
            i
        };
        self.sift_up(i, item);
    }

    #[inline]
    fn sift_up(&mut self, mut i: usize, item: u64) {
        while i > 0 {
            let parent = (i - 1) / 4;
            let above = self.heap[parent];
            if above <= item {
                break;
            }
            self.heap[i] = above;
            self.slot[(above as u32) as usize] = i as u32;
            i = parent;
        }
        self.heap[i] = item;
        self.slot[(item as u32) as usize] = i as u32;
    }

    #[inline]
    pub(super) fn pop(&mut self) -> Option<(u32, u32)> {
        let top = *self.heap.first()?;
        let last = self.heap.pop()?;
        self.slot[(top as u32) as usize] = NOT_QUEUED;
        let n = self.heap.len();
        if n > 0 {
            // Sift the last item down from the root.
            let mut i = 0;
            loop {
                let first = 4 * i + 1;
                if first >= n {
                    break;
                }
                let end = (first + 4).min(n);
                let mut child = first;
                let mut smallest = self.heap[first];
                for c in first + 1..end {
                    let x = self.heap[c];
                    if x < smallest {
                        smallest = x;
                        child = c;
                    }
                }
                if smallest >= last {
                    break;
                }
                self.heap[i] = smallest;
                self.slot[(smallest as u32) as usize] = i as u32;
                i = child;
            }
            self.heap[i] = last;
            self.slot[(last as u32) as usize] = i as u32;
        }
        Some(((top >> 32) as u32, top as u32))
    }
}
