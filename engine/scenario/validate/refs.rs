//! Checks of site references: that they exist and suit the field that uses them.

use super::{Ids, RefUse, ScenarioCheck};
use crate::scenario::schema::*;

impl ScenarioCheck<'_> {
    pub(super) fn point_inside(&mut self, path: &str, p: Point) -> bool {
        let extent = self.extent;
        self.out().on_terrain(extent, path, p)
    }

    /// Check a site reference: it exists and suits its use.
    pub(super) fn site_ref(&mut self, path: &str, r: &SiteRef, usage: RefUse) -> bool {
        let building = matches!(self.s.site, Site::Building(_));
        let variant = ref_variant(r);
        if !ref_allowed(variant, usage, building) {
            let site = if building { "building" } else { "terrain" };
            let accepted: Vec<String> = REF_VARIANTS
                .iter()
                .filter(|v| ref_allowed(v, usage, building))
                .map(|v| match *v {
                    "Point" => "Point(x, y)".to_string(),
                    v => format!("{v}(\"…\")"),
                })
                .collect();
            self.out().err_hint(
                path,
                format!("`{variant}(…)` cannot be used here on a {site} site"),
                format!("use one of: {}", accepted.join(", ")),
            );
            return false;
        }
        let (ids, what): (&Ids, &str) = match r {
            SiteRef::Space(_) => (&self.space_ids, "space"),
            SiteRef::Door(_) => (&self.doors, "door"),
            SiteRef::Stair(_) => (&self.stairs, "stair"),
            SiteRef::Lift(_) => (&self.lifts, "lift"),
            SiteRef::Exit(_) => (&self.exits, "exit"),
            SiteRef::AssemblyArea(_) => (&self.assembly, "assembly area"),
            SiteRef::Road(_) => (&self.roads, "road"),
            SiteRef::River(_) => (&self.rivers, "river"),
            SiteRef::Levee(_) => (&self.levees, "levee"),
            SiteRef::House(_) => (&self.houses, "house"),
            SiteRef::Shelter(_) => (&self.shelters, "shelter"),
            SiteRef::Place(_) => (&self.places, "place"),
            SiteRef::Point(x, y) => return self.point_inside(path, (*x, *y)),
        };
        let id = r.id().unwrap_or_default();
        let ids = ids.clone();
        let mut o = self.out();
        if !o.known(path, what, id, &ids) {
            return false;
        }
        if usage == RefUse::Blockable && !self.can_block(r) {
            let hint = format!("set `can_block: true` on {what} `{id}` if it may be blocked");
            self.out().err_hint(
                path,
                format!("{what} `{id}` is not marked as one that can be blocked"),
                hint,
            );
            return false;
        }
        true
    }

    fn can_block(&self, r: &SiteRef) -> bool {
        let Site::Building(b) = &self.s.site else {
            return true; // roads can always be cut by water or fire
        };
        match r {
            SiteRef::Door(id) => b.doors.iter().any(|d| &d.id == id && d.can_block),
            SiteRef::Stair(id) => b.stairs.iter().any(|d| &d.id == id && d.can_block),
            SiteRef::Exit(id) => b.exits.iter().any(|d| &d.id == id && d.can_block),
            _ => true,
        }
    }
}

fn ref_variant(r: &SiteRef) -> &'static str {
    match r {
        SiteRef::Space(_) => "Space",
        SiteRef::Door(_) => "Door",
        SiteRef::Stair(_) => "Stair",
        SiteRef::Lift(_) => "Lift",
        SiteRef::Exit(_) => "Exit",
        SiteRef::AssemblyArea(_) => "AssemblyArea",
        SiteRef::Road(_) => "Road",
        SiteRef::River(_) => "River",
        SiteRef::Levee(_) => "Levee",
        SiteRef::House(_) => "House",
        SiteRef::Shelter(_) => "Shelter",
        SiteRef::Place(_) => "Place",
        SiteRef::Point(..) => "Point",
    }
}

/// Every kind of site reference, as written.
const REF_VARIANTS: [&str; 13] = [
    "Space",
    "Door",
    "Stair",
    "Lift",
    "Exit",
    "AssemblyArea",
    "Road",
    "River",
    "Levee",
    "House",
    "Shelter",
    "Place",
    "Point",
];

/// Which references suit which use, on which kind of site.
fn ref_allowed(variant: &str, usage: RefUse, building: bool) -> bool {
    let of_building = matches!(
        variant,
        "Space" | "Door" | "Stair" | "Lift" | "Exit" | "AssemblyArea"
    );
    of_building == building
        && match usage {
            RefUse::Any => true,
            RefUse::Start => matches!(
                variant,
                "Space" | "AssemblyArea" | "House" | "Shelter" | "Place" | "Point"
            ),
            RefUse::Destination => {
                matches!(variant, "AssemblyArea" | "Shelter" | "Place" | "Point")
            }
            RefUse::Blockable => matches!(variant, "Door" | "Stair" | "Exit" | "Lift" | "Road"),
        }
}
