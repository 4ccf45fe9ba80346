-- StreamML: the Orleans ADO.NET schema for PostgreSQL (clustering and grain persistence).
--
-- The Orleans ADO.NET providers look their statements up by key in OrleansQuery and bind parameters and read
-- result columns by name; that contract (keys, @parameter names, result column names) is all this file must keep.
-- The statements themselves are StreamML's. The file is idempotent: applying it again changes nothing but the
-- stored query texts, which it refreshes.
--
-- Conventions kept by every statement below:
--  * optimistic concurrency: a write names the version it read; a stale version changes nothing;
--  * queries that Orleans reads as a boolean return exactly one row with one integer column (> 0: success).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

-- Clustering --------------------------------------------------------------------------------------------------

-- One row per cluster (Orleans calls it the deployment): the membership table's version, bumped by every change.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL PRIMARY KEY,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)  NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)   NOT NULL,
    Port         integer       NOT NULL,
    Generation   integer       NOT NULL,
    SiloName     varchar(150)  NOT NULL,
    HostName     varchar(150)  NOT NULL,
    Status       integer       NOT NULL,
    ProxyPort    integer       NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime    timestamptz   NOT NULL,
    IAmAliveTime timestamptz   NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Grain persistence --------------------------------------------------------------------------------------------

-- One row per (service, grain type, grain id). A grain without a string key extension stores '' so the whole
-- identity can be a primary key; Version counts writes and is the ETag Orleans hands back.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId              varchar(150) NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainIdExtensionString varchar(512) NOT NULL DEFAULT '',
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL,
    PRIMARY KEY (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('InsertMembershipVersionKey', '
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (CAST(@DeploymentId AS varchar))
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1)
SELECT CAST(count(*) AS integer) FROM created;'),

('InsertMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = CAST(@DeploymentId AS varchar)
      AND Version = CAST(@Version AS integer)
      AND NOT EXISTS (SELECT 1 FROM OrleansMembershipTable m
                      WHERE m.DeploymentId = CAST(@DeploymentId AS varchar) AND m.Address = CAST(@Address AS varchar)
                        AND m.Port = CAST(@Port AS integer) AND m.Generation = CAST(@Generation AS integer))
    RETURNING DeploymentId),
added AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT b.DeploymentId, CAST(@Address AS varchar), CAST(@Port AS integer), CAST(@Generation AS integer),
           CAST(@SiloName AS varchar), CAST(@HostName AS varchar), CAST(@Status AS integer), CAST(@ProxyPort AS integer),
           CAST(@StartTime AS timestamptz), CAST(@IAmAliveTime AS timestamptz)
    FROM bumped b
    RETURNING 1)
SELECT CAST(count(*) AS integer) FROM added;'),

('UpdateMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = CAST(@DeploymentId AS varchar)
      AND Version = CAST(@Version AS integer)
      AND EXISTS (SELECT 1 FROM OrleansMembershipTable m
                  WHERE m.DeploymentId = CAST(@DeploymentId AS varchar) AND m.Address = CAST(@Address AS varchar)
                    AND m.Port = CAST(@Port AS integer) AND m.Generation = CAST(@Generation AS integer))
    RETURNING DeploymentId),
changed AS (
    UPDATE OrleansMembershipTable m
    SET Status = CAST(@Status AS integer),
        SuspectTimes = CAST(@SuspectTimes AS varchar),
        IAmAliveTime = CAST(@IAmAliveTime AS timestamptz)
    FROM bumped b
    WHERE m.DeploymentId = b.DeploymentId AND m.Address = CAST(@Address AS varchar)
      AND m.Port = CAST(@Port AS integer) AND m.Generation = CAST(@Generation AS integer)
    RETURNING 1)
SELECT CAST(count(*) AS integer) FROM changed;'),

('UpdateIAmAlivetimeKey', '
UPDATE OrleansMembershipTable
SET IAmAliveTime = CAST(@IAmAliveTime AS timestamptz)
WHERE DeploymentId = CAST(@DeploymentId AS varchar) AND Address = CAST(@Address AS varchar)
  AND Port = CAST(@Port AS integer) AND Generation = CAST(@Generation AS integer);'),

('MembershipReadRowKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId AND m.Address = CAST(@Address AS varchar)
      AND m.Port = CAST(@Port AS integer) AND m.Generation = CAST(@Generation AS integer)
WHERE v.DeploymentId = CAST(@DeploymentId AS varchar);'),

('MembershipReadAllKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = CAST(@DeploymentId AS varchar);'),

('DeleteMembershipTableEntriesKey', '
DELETE FROM OrleansMembershipTable WHERE DeploymentId = CAST(@DeploymentId AS varchar);
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = CAST(@DeploymentId AS varchar);'),

('GatewaysQueryKey', '
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = CAST(@DeploymentId AS varchar) AND Status = CAST(@Status AS integer) AND ProxyPort > 0;'),

-- Status 3 is SiloStatus.Active: only entries that stopped heart-beating and are not active are removed.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = CAST(@DeploymentId AS varchar)
  AND IAmAliveTime < CAST(@IAmAliveTime AS timestamptz)
  AND Status <> 3;'),

-- Returns the new version, or NULL when the write lost (stale version, or a create that found a row).
('WriteToStorageKey', '
WITH updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = CAST(@PayloadBinary AS bytea), ModifiedOn = now(), Version = Version + 1
    WHERE CAST(@GrainStateVersion AS integer) IS NOT NULL
      AND ServiceId = CAST(@ServiceId AS varchar) AND GrainTypeHash = CAST(@GrainTypeHash AS integer)
      AND GrainIdHash = CAST(@GrainIdHash AS integer) AND GrainIdN0 = CAST(@GrainIdN0 AS bigint)
      AND GrainIdN1 = CAST(@GrainIdN1 AS bigint) AND GrainTypeString = CAST(@GrainTypeString AS varchar)
      AND GrainIdExtensionString = COALESCE(CAST(@GrainIdExtensionString AS varchar), '''')
      AND Version = CAST(@GrainStateVersion AS integer)
    RETURNING Version),
created AS (
    INSERT INTO OrleansStorage
        (ServiceId, GrainTypeHash, GrainTypeString, GrainIdHash, GrainIdN0, GrainIdN1, GrainIdExtensionString,
         PayloadBinary, Version)
    SELECT CAST(@ServiceId AS varchar), CAST(@GrainTypeHash AS integer), CAST(@GrainTypeString AS varchar),
           CAST(@GrainIdHash AS integer), CAST(@GrainIdN0 AS bigint), CAST(@GrainIdN1 AS bigint),
           COALESCE(CAST(@GrainIdExtensionString AS varchar), ''''), CAST(@PayloadBinary AS bytea), 1
    WHERE CAST(@GrainStateVersion AS integer) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version)
SELECT (SELECT Version FROM updated UNION ALL SELECT Version FROM created LIMIT 1) AS NewGrainStateVersion;'),

('ReadFromStorageKey', '
SELECT PayloadBinary, ModifiedOn, Version
FROM OrleansStorage
WHERE ServiceId = CAST(@ServiceId AS varchar) AND GrainTypeHash = CAST(@GrainTypeHash AS integer)
  AND GrainIdHash = CAST(@GrainIdHash AS integer) AND GrainIdN0 = CAST(@GrainIdN0 AS bigint)
  AND GrainIdN1 = CAST(@GrainIdN1 AS bigint) AND GrainTypeString = CAST(@GrainTypeString AS varchar)
  AND GrainIdExtensionString = COALESCE(CAST(@GrainIdExtensionString AS varchar), '''');'),

-- Clearing keeps the row (payload NULL) so the version keeps counting; no row comes back on a stale version.
('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
WHERE ServiceId = CAST(@ServiceId AS varchar) AND GrainTypeHash = CAST(@GrainTypeHash AS integer)
  AND GrainIdHash = CAST(@GrainIdHash AS integer) AND GrainIdN0 = CAST(@GrainIdN0 AS bigint)
  AND GrainIdN1 = CAST(@GrainIdN1 AS bigint) AND GrainTypeString = CAST(@GrainTypeString AS varchar)
  AND GrainIdExtensionString = COALESCE(CAST(@GrainIdExtensionString AS varchar), '''')
  AND Version = CAST(@GrainStateVersion AS integer)
RETURNING Version AS NewGrainStateVersion;'),

-- Deleting returns the deleted version + 1, which Orleans compares with the version it held to detect a conflict.
('DeleteStorageKey', '
DELETE FROM OrleansStorage
WHERE ServiceId = CAST(@ServiceId AS varchar) AND GrainTypeHash = CAST(@GrainTypeHash AS integer)
  AND GrainIdHash = CAST(@GrainIdHash AS integer) AND GrainIdN0 = CAST(@GrainIdN0 AS bigint)
  AND GrainIdN1 = CAST(@GrainIdN1 AS bigint) AND GrainTypeString = CAST(@GrainTypeString AS varchar)
  AND GrainIdExtensionString = COALESCE(CAST(@GrainIdExtensionString AS varchar), '''')
  AND Version = CAST(@GrainStateVersion AS integer)
RETURNING Version + 1 AS NewGrainStateVersion;')

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
