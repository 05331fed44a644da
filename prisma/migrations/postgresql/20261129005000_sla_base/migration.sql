-- SLA definitions, observations, hourly rollups, alerts and the gateway's decision tally (issue 10, decision 034).

CREATE TABLE "sla_definitions" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "current" BOOLEAN NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "sli_kind" TEXT NOT NULL,
    "budgeting" TEXT NOT NULL,
    "target" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION,
    "warn_threshold" DOUBLE PRECISION,
    "unit" TEXT NOT NULL,
    "window_days" INTEGER NOT NULL,
    "time_zone" TEXT NOT NULL,
    "owner_team" TEXT NOT NULL,
    "owner_id" TEXT,
    "source" TEXT NOT NULL,
    "change_reason" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sla_definitions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "sla_definitions_key_version_key" ON "sla_definitions"("key", "version");
CREATE INDEX "sla_definitions_current_key_idx" ON "sla_definitions"("current", "key");
CREATE TABLE "sla_observations" (
    "id" SERIAL NOT NULL,
    "sla_key" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "window_start" TIMESTAMPTZ(3),
    "value" DOUBLE PRECISION,
    "good" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "detail" TEXT,
    "item_hash" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sla_observations_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "sla_observations_sla_key_item_id_key" ON "sla_observations"("sla_key", "item_id");
CREATE INDEX "sla_observations_sla_key_observed_at_idx" ON "sla_observations"("sla_key", "observed_at");
CREATE TABLE "sla_rollups" (
    "sla_key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "good" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "observations" INTEGER NOT NULL,
    "worst" DOUBLE PRECISION,

    CONSTRAINT "sla_rollups_pkey" PRIMARY KEY ("sla_key", "version", "bucket_start")
);
CREATE TABLE "sla_alerts" (
    "id" TEXT NOT NULL,
    "sla_key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "webhook_status" TEXT,
    "webhook_at" TIMESTAMPTZ(3),

    CONSTRAINT "sla_alerts_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "sla_alerts_dedupe_key_key" ON "sla_alerts"("dedupe_key");
CREATE INDEX "sla_alerts_sla_key_opened_at_idx" ON "sla_alerts"("sla_key", "opened_at");
CREATE INDEX "sla_alerts_resolved_at_idx" ON "sla_alerts"("resolved_at");
CREATE TABLE "gateway_decision_tallies" (
    "hour_start" TIMESTAMPTZ(3) NOT NULL,
    "action" TEXT NOT NULL,
    "decisions" INTEGER NOT NULL,

    CONSTRAINT "gateway_decision_tallies_pkey" PRIMARY KEY ("hour_start", "action")
);

-- The seed's ten SLAs and the governance SLIs Warden computes itself, version 1 (decision 034).
INSERT INTO "sla_definitions" ("id", "key", "version", "current", "name", "description", "sli_kind", "budgeting", "target", "threshold", "warn_threshold", "unit", "window_days", "time_zone", "owner_team", "owner_id", "source", "change_reason", "created_by_id", "created_at") VALUES
    ('sla_default_ops_silver_freshness', 'ops.silver_freshness', 1, true, 'Ops Silver freshness', 'Share of per-table minute samples of Ops Silver whose freshness lag is at most the threshold (dbt-style: warn above the warn level, error above the threshold).', 'freshness', 'timeslices', 0.99, 900.0, 600.0, 'seconds', 30, 'UTC', 'data-platform', NULL, 'ingest', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_finance_gold_close', 'finance.gold_close', 1, true, 'Finance Gold daily close', 'Share of business days on which Finance Gold closed by 06:00 local time in the SLA''s time zone (DST-aware): every day, no budget to spend.', 'daily_close', 'daily', 1.0, 360.0, 330.0, 'local_time', 30, 'America/New_York', 'finance-data', NULL, 'ingest', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_platform_event_loss', 'platform.event_loss', 1, true, 'Event loss', 'Events the sources emitted that the sinks did not load, per stream and window (idempotent loads: source and sink counts must match). Any difference is a breach.', 'event_counts', 'invariant', 1.0, 0.0, NULL, 'count', 30, 'UTC', 'data-platform', NULL, 'ingest', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_platform_pipeline_success', 'platform.pipeline_success', 1, true, 'Pipeline success', 'Share of pipeline runs that succeeded over the trailing day.', 'pipeline_run', 'occurrences', 0.999, NULL, NULL, 'ratio', 1, 'UTC', 'data-platform', NULL, 'ingest', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_finance_reconciliation_variance', 'finance.reconciliation_variance', 1, true, 'Finance reconciliation variance', 'Share of daily closes whose reconciliation variance (absolute, percent of the close''s total) is below the threshold.', 'reconciliation', 'occurrences', 0.95, 0.5, 0.3, 'percent', 30, 'UTC', 'finance-data', NULL, 'ingest', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_platform_schema_dq', 'platform.schema_dq', 1, true, 'Schema DQ failures', 'Share of schema data-quality check runs that passed (failures under 0.1% of runs).', 'dq_check', 'occurrences', 0.999, NULL, NULL, 'ratio', 30, 'UTC', 'data-platform', NULL, 'ingest', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_bi_tile_catalog_refs', 'bi.tile_catalog_refs', 1, true, 'Dashboard tiles reference a catalog key@version', 'Share of BI dashboard tiles that reference a catalog dataset key@version, per scan. Any tile without one is a breach.', 'tile_refs', 'invariant', 1.0, NULL, NULL, 'ratio', 30, 'UTC', 'analytics-engineering', NULL, 'ingest', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_governance_pii_access_logged', 'governance.pii_access_logged', 1, true, 'PII-restricted access logged', 'Restricted reads with a ledger entry: the gateway''s own count of decisions against the ledger''s entries per hour, and the counts other systems report against the events Warden ingested from them. Any miss is a breach.', 'pii_logged', 'invariant', 1.0, 0.0, NULL, 'count', 30, 'UTC', 'privacy', NULL, 'warden', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_bi_core_tile_p95', 'bi.core_tile_p95', 1, true, 'BI p95 for core tiles', 'Share of 5-minute windows in which the p95 query latency of core tiles, read from histogram buckets, is below the threshold.', 'bi_latency', 'timeslices', 0.99, 5000.0, 4000.0, 'ms', 30, 'UTC', 'analytics-engineering', NULL, 'ingest', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_finance_warehouse_cost', 'finance.warehouse_cost', 1, true, 'Warehouse cost', 'Month-to-date warehouse spend against the monthly budget (the threshold, in cents). Spending past it is a breach; past the warn level is a warning.', 'spend', 'invariant', 1.0, 4500000.0, 4050000.0, 'minor_units', 30, 'UTC', 'finance-data', NULL, 'ingest', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_governance_access_approval_time', 'governance.access_approval_time', 1, true, 'Access request approval time', 'Share of access requests decided within the threshold of being asked for.', 'access_approval', 'occurrences', 0.95, 24.0, 8.0, 'hours', 30, 'UTC', 'privacy', NULL, 'warden', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_governance_grants_past_expiry', 'governance.grants_past_expiry', 1, true, 'Grants active past expiry', 'Grants still in force after their end, counted at every evaluation. Must be 0.', 'grants_past_expiry', 'invariant', 1.0, 0.0, NULL, 'count', 30, 'UTC', 'privacy', NULL, 'warden', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_governance_reviews_on_time', 'governance.reviews_on_time', 1, true, 'Access reviews completed on time', 'Share of access review campaigns whose every item was decided by the due date.', 'review_on_time', 'occurrences', 0.9, 0.0, NULL, 'hours', 90, 'UTC', 'privacy', NULL, 'warden', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_governance_purge_success', 'governance.purge_success', 1, true, 'Retention purge runs succeeded', 'Share of finished purge runs that completed (not failed, not tripped by the circuit breaker).', 'purge_run', 'occurrences', 0.95, NULL, NULL, 'ratio', 30, 'UTC', 'privacy', NULL, 'warden', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00'),
    ('sla_default_governance_export_approval_time', 'governance.export_approval_time', 1, true, 'Export approval time', 'Share of export requests needing approval that were decided within the threshold.', 'export_approval', 'occurrences', 0.95, 24.0, 8.0, 'hours', 30, 'UTC', 'privacy', NULL, 'warden', 'Seed SLA (seed §5.0 D); decision 034', NULL, '2026-11-29 00:00:00+00');
