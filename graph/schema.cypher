// The Neo4j 5 schema for geokg: what graph/model.yaml implies for Neo4j, kept in step with it by
// tests/test_schema_cypher.py. Every statement is idempotent; the Neo4j store applies the ones the
// database lacks when it connects, and you can run the file yourself in cypher-shell or Neo4j Browser.
//
// Every entity node carries its kind's label and the shared label Entity, so one constraint keeps
// ids unique across kinds, one full-text index serves search, and `MATCH (n:Entity {id: $id})` is an
// index seek whatever the kind.

// --- One id per node: MERGE on these keys is what makes loading idempotent ----------------------
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT aircraft_id IF NOT EXISTS FOR (n:Aircraft) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT vessel_id IF NOT EXISTS FOR (n:Vessel) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT treaty_id IF NOT EXISTS FOR (n:Treaty) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT facility_id IF NOT EXISTS FOR (n:Facility) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT equipment_id IF NOT EXISTS FOR (n:Equipment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT resource_id IF NOT EXISTS FOR (n:Resource) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT loaded_input_id IF NOT EXISTS FOR (n:LoadedInput) REQUIRE n.id IS UNIQUE;

// --- Search: names and aliases in any language ----------------------------------------------------
// search_key holds the name and every alias, lower-cased and accent-folded (graph/text.py); aliases
// itself is a list, which a full-text index cannot hold. The analyzer keeps stop words, so a name
// such as "The Washington Post" is found by every word in it.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.search_key]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}};

// --- Evidence: claims join their sources and entities by relationships (STATED_IN, HAS_SUBJECT,
// HAS_OBJECT, MENTIONS_ITEM, ATTRIBUTED_TO, CONTRADICTS), which need no index to be followed. The
// timeline and "what was known by" order and filter claims by these dates. ---------------------------
CREATE RANGE INDEX claim_when IF NOT EXISTS FOR (n:Claim) ON (n.when_from);
CREATE RANGE INDEX claim_reported IF NOT EXISTS FOR (n:Claim) ON (n.reported);
CREATE RANGE INDEX source_published IF NOT EXISTS FOR (n:Source) ON (n.published);

// Relationships get no property indexes: every relationship filter (status counts, confidence, dates,
// sources) applies while expanding from an entity already found by id, where such an index would not
// be used.
