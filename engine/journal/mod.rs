//! The drill journal: every consequential event, as JSON Lines, chained by hashes.
//!
//! Line 1 is the header (scenario hash, seed or commitment, engine version, tick rate). Every
//! further line holds one event with its sequence number, tick and seconds, the hash of the
//! previous line and its own hash: SHA-256 over the previous hash and the line's JSON without
//! the `hash` field. Changing, removing or reordering a line breaks the chain. The writer
//! appends and flushes at least every simulated second, so a crash loses at most that; a torn
//! last line (the crash hit mid-write) is recognised as such by the reader, not taken for
//! tampering. Scoring reads the journal and nothing else.

pub mod events;
pub mod raster;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::{self, BufRead, Write};

/// The hash before the first line: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What the journal records about the run itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub journal_version: u32,
    pub engine_version: String,
    pub scenario_id: String,
    pub scenario_sha256: String,
    /// The seed, or for a double-blind drill only the commitment until the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
    pub tick_hz: u32,
}

/// One line of the journal after the header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: u64,
    pub tick: u64,
    pub t_s: f64,
    /// The event: `{"kind": "…", …}`; its types are the simulation's to define.
    pub event: Value,
    pub prev: String,
    pub hash: String,
}

fn line_hash(prev: &str, unhashed_json: &str) -> String {
    crate::scenario::sha256_hex(format!("{prev}\n{unhashed_json}").as_bytes())
}

/// JSON of an entry without its `hash` field, in the field order written to the file.
fn unhashed(seq: u64, tick: u64, t_s: f64, event: &Value, prev: &str) -> String {
    serde_json::json!({"seq": seq, "tick": tick, "t_s": t_s, "event": event, "prev": prev})
        .to_string()
}

/// Appends events to a journal, hashing and flushing as it goes.
pub struct JournalWriter<W: Write> {
    out: W,
    seq: u64,
    last_hash: String,
    tick_hz: u32,
    last_flush_tick: u64,
}

impl<W: Write> JournalWriter<W> {
    /// Start a journal: writes and flushes the header line.
    pub fn new(mut out: W, header: &Header) -> io::Result<Self> {
        let json = serde_json::json!({ "header": header }).to_string();
        let hash = line_hash(GENESIS, &json);
        let mut line = serde_json::from_str::<Value>(&json).map_err(io::Error::other)?;
        line["hash"] = Value::String(hash.clone());
        writeln!(out, "{line}")?;
        out.flush()?;
        Ok(JournalWriter {
            out,
            seq: 0,
            last_hash: hash,
            tick_hz: header.tick_hz.max(1),
            last_flush_tick: 0,
        })
    }

    /// Append one event at `tick`.
    pub fn record(&mut self, tick: u64, event: &Value) -> io::Result<()> {
        self.seq += 1;
        let t_s = tick as f64 / f64::from(self.tick_hz);
        let json = unhashed(self.seq, tick, t_s, event, &self.last_hash);
        let hash = line_hash(&self.last_hash, &json);
        // `json` ends with `}`: the hash is appended as the last field.
        writeln!(
            self.out,
            "{},\"hash\":\"{hash}\"}}",
            &json[..json.len() - 1]
        )?;
        self.last_hash = hash;
        Ok(())
    }

    /// Flush if a simulated second has passed since the last flush. Call once per tick.
    pub fn tick(&mut self, tick: u64) -> io::Result<()> {
        if tick >= self.last_flush_tick + u64::from(self.tick_hz) {
            self.out.flush()?;
            self.last_flush_tick = tick;
        }
        Ok(())
    }

    /// Flush now (a drill stopped before its end is read back for its debrief).
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Flush everything and hand back the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The outcome of reading a journal back.
#[derive(Debug, PartialEq)]
pub struct Verified {
    pub header: Header,
    pub entries: Vec<Entry>,
    /// A last line cut short by a crash (not newline-terminated, not valid JSON).
    pub torn_tail: bool,
}

/// Read a journal and check its chain. `Err` names the first line that fails.
pub fn verify(input: impl BufRead) -> Result<Verified, String> {
    let mut lines = Vec::new();
    for l in input.split(b'\n') {
        lines.push(l.map_err(|e| format!("cannot read the journal: {e}"))?);
    }
    if lines.last().is_some_and(Vec::is_empty) {
        lines.pop();
    }
    let mut torn_tail = false;
    let mut prev = GENESIS.to_string();
    let mut header = None;
    let mut entries = Vec::new();
    let n = lines.len();
    for (i, raw) in lines.into_iter().enumerate() {
        let line_no = i + 1;
        let value: Value = match std::str::from_utf8(&raw)
            .ok()
            .and_then(|s| serde_json::from_str(s).ok())
        {
            Some(v) => v,
            None if line_no == n => {
                torn_tail = true;
                break;
            }
            None => return Err(format!("line {line_no} is not JSON")),
        };
        let Some(hash) = value
            .get("hash")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return Err(format!("line {line_no} has no hash"));
        };
        let mut body = value.clone();
        if let Some(o) = body.as_object_mut() {
            o.remove("hash");
        }
        if i == 0 {
            let h: Header =
                serde_json::from_value(body.get("header").cloned().unwrap_or(Value::Null))
                    .map_err(|e| format!("line 1 is not a journal header: {e}"))?;
            if line_hash(GENESIS, &body.to_string()) != hash {
                return Err("line 1: the header's hash does not match".into());
            }
            header = Some(h);
        } else {
            let e: Entry = serde_json::from_value(value.clone())
                .map_err(|e| format!("line {line_no} is not a journal entry: {e}"))?;
            if e.prev != prev {
                return Err(format!(
                    "line {line_no}: `prev` does not match line {i}'s hash"
                ));
            }
            if e.seq != i as u64 {
                return Err(format!(
                    "line {line_no}: sequence number {} where {i} was due",
                    e.seq
                ));
            }
            let json = unhashed(e.seq, e.tick, e.t_s, &e.event, &e.prev);
            if line_hash(&prev, &json) != hash {
                return Err(format!(
                    "line {line_no}: the hash does not match its content"
                ));
            }
            entries.push(e);
        }
        prev = hash;
    }
    let header = header.ok_or("the journal is empty")?;
    Ok(Verified {
        header,
        entries,
        torn_tail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header() -> Header {
        Header {
            journal_version: 1,
            engine_version: "test".into(),
            scenario_id: "minimal".into(),
            scenario_sha256: "ab".repeat(32),
            seed: Some(7),
            commitment: None,
            tick_hz: 10,
        }
    }

    fn journal() -> Vec<u8> {
        let mut w = JournalWriter::new(Vec::new(), &header()).unwrap();
        w.record(0, &json!({"kind": "PhaseChanged", "phase": "Alarm"}))
            .unwrap();
        w.record(35, &json!({"kind": "TookCover", "participant": "t1"}))
            .unwrap();
        w.record(
            120,
            &json!({"kind": "ReachedAssembly", "occupant": 3, "area": "yard"}),
        )
        .unwrap();
        w.finish().unwrap()
    }

    #[test]
    fn a_written_journal_verifies() {
        let v = verify(journal().as_slice()).unwrap();
        assert_eq!(v.header, header());
        assert_eq!(v.entries.len(), 3);
        assert_eq!(v.entries[1].t_s, 3.5);
        assert!(!v.torn_tail);
    }

    #[test]
    fn full_precision_floats_verify() {
        // serde_json's default parser is not exact for long decimals; the journal re-hashes
        // what it parses, so it needs the `float_roundtrip` feature.
        let mut w = JournalWriter::new(Vec::new(), &header()).unwrap();
        for (i, x) in [
            1.862_236_127_801_529_4,
            0.1 + 0.2,
            1e-300,
            123_456.789_012_345_67,
        ]
        .into_iter()
        .enumerate()
        {
            w.record(i as u64, &json!({"kind": "GroundMotion", "pga_mps2": x}))
                .unwrap();
        }
        let v = verify(w.finish().unwrap().as_slice()).unwrap();
        assert_eq!(v.entries[0].event["pga_mps2"], 1.862_236_127_801_529_4);
    }

    #[test]
    fn any_edit_breaks_the_chain() {
        let text = String::from_utf8(journal()).unwrap();
        let edited = text.replace("\"t1\"", "\"t2\"");
        assert!(verify(edited.as_bytes()).unwrap_err().contains("line 3"));
        let mut lines: Vec<&str> = text.lines().collect();
        lines.swap(2, 3);
        assert!(verify(lines.join("\n").as_bytes()).is_err());
        lines.swap(2, 3);
        lines.remove(2);
        assert!(verify(lines.join("\n").as_bytes()).is_err());
    }

    #[test]
    fn a_torn_last_line_is_recognised() {
        let mut bytes = journal();
        bytes.truncate(bytes.len() - 20);
        let v = verify(bytes.as_slice()).unwrap();
        assert!(v.torn_tail);
        assert_eq!(v.entries.len(), 2);
    }
}
