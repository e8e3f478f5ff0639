//! `contract init`: a small, valid, commented workspace.

use crate::error::Error;
use std::path::Path;

const MANIFEST: &str = r#"# contracts.yaml: the workspace manifest. Every key is optional.
# Schema for editors: `contract schema manifest > .contract/manifest.schema.json`
contracts: ["events/**/*.yaml"]   # which files are contracts (globs, relative to this file)
dictionary: dictionary.yaml        # the shared event dictionary
base: main                         # the branch `contract check` diffs against
compatibility: backward            # default mode for contracts that name none
policy: lenient                    # lenient | confluent (what your schema registry enforces)
rules: {}                          # severity overrides, e.g. `unused-concept: off`
ignore: []                         # accepted findings: rule, event, reason (required), until
"#;

const DICTIONARY: &str = r#"# dictionary.yaml: the business vocabulary, owned once.
domains:                          # the owners; contact and github reach them
  sales:
    team: Sales Platform
    contact: sales-events@example.com
    github: "@example/sales"
  shipping:
    team: Shipping
    contact: shipping@example.com
    github: "@example/shipping"

concepts:                         # shared fields, referenced as $ref: "concept:NAME"
  order_id:
    owner: sales
    summary: Globally unique id of an order.
    schema: { type: string, format: uuid }

events:                           # the business events the organisation agrees on
  OrderPlaced:
    owner: sales
    summary: A customer placed an order.
    requires: [order_id, placed_at]
  ShipmentDispatched:
    owner: shipping
    summary: A parcel left the warehouse.
    requires: [order_id]
"#;

const ORDER_PLACED: &str = r#"# One file per event. Schema for editors: `contract schema contract`.
event: OrderPlaced
version: 1.0.0
owner: sales
summary: A customer placed an order.
channel: sales.order-placed
compatibility: backward           # consumers on the new schema read old events
consumers:
  - domain: shipping
    uses: [order_id]              # the fields shipping reads
schema:
  type: object
  required: [order_id, placed_at]
  properties:
    order_id: { $ref: "concept:order_id" }
    placed_at: { type: string, format: date-time }
examples:
  - order_id: 6f1c2a54-3e9b-4c1e-9a53-2f0d7c1e8b11
    placed_at: "2026-11-24T10:00:00Z"
"#;

const SHIPMENT_DISPATCHED: &str = r#"event: ShipmentDispatched
version: 1.0.0
owner: shipping
summary: A parcel left the warehouse.
channel: shipping.shipment-dispatched
consumers:
  - domain: sales
schema:
  type: object
  required: [order_id]
  properties:
    order_id: { $ref: "concept:order_id" }
    carrier: { type: string, enum: [DHL, UPS, POSTNL] }
"#;

/// Write the workspace; refuses to overwrite an existing manifest.
pub fn write(dir: &Path) -> Result<Vec<String>, Error> {
    if dir.join("contracts.yaml").exists() {
        return Err(Error::AlreadyExists {
            path: dir.join("contracts.yaml").display().to_string(),
        });
    }
    let files = [
        ("contracts.yaml", MANIFEST),
        ("dictionary.yaml", DICTIONARY),
        ("events/order-placed.yaml", ORDER_PLACED),
        ("events/shipment-dispatched.yaml", SHIPMENT_DISPATCHED),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::Unwritable {
                path: parent.display().to_string(),
                reason: e.to_string(),
            })?;
        }
        if p.exists() {
            return Err(Error::AlreadyExists {
                path: p.display().to_string(),
            });
        }
        std::fs::write(&p, text).map_err(|e| Error::Unwritable {
            path: p.display().to_string(),
            reason: e.to_string(),
        })?;
        written.push(rel.to_string());
    }
    Ok(written)
}

/// What `contract init` tells its user after writing `written` into `dir`.
pub fn summary(dir: &Path, written: &[String]) -> String {
    format!(
        "Wrote a workspace in {}:\n{}\nNext: `contract check {}`\n",
        dir.display(),
        written
            .iter()
            .map(|w| format!("  {w}\n"))
            .collect::<String>(),
        dir.display()
    )
}
