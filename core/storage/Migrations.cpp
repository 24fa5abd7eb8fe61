#include "storage/Migrations.h"

#include "storage/SqlDialect.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <functional>

namespace paw::storage {

namespace {

// One entry per schema version; never edit a released step, add a new one.
QList<std::function<QStringList(const SqlDialect &)>> steps()
{
    return {
        // 1: the FHIR resource store and its search index.
        [](const SqlDialect &d) {
            const QString big = d.bigintType();
            return QStringList{
                // seq: creation order, fixed for the life of the resource (paging snapshots rely on it).
                QStringLiteral("CREATE TABLE resource (seq ") + d.autoIncrementKey()
                    + QStringLiteral(", rtype TEXT NOT NULL, id TEXT NOT NULL, version ") + big
                    + QStringLiteral(" NOT NULL, last_updated ") + big
                    + QStringLiteral(" NOT NULL, content_hash TEXT NOT NULL, json ") + d.documentType()
                    + QStringLiteral(" NOT NULL, UNIQUE (rtype, id))"),
                QStringLiteral("CREATE INDEX resource_by_updated ON resource (rtype, last_updated)"),
                QStringLiteral("CREATE TABLE resource_history (rtype TEXT NOT NULL, id TEXT NOT NULL, version ")
                    + big + QStringLiteral(" NOT NULL, last_updated ") + big + QStringLiteral(" NOT NULL, json ")
                    + d.documentType() + QStringLiteral(" NOT NULL, PRIMARY KEY (rtype, id, version))"),
                // The index tables are clustered by resource (seq first in the key), so that writing
                // a new resource appends and its rows are found together for updates and includes;
                // each table has one more index for lookups by value.
                QStringLiteral("CREATE TABLE idx_token (seq ") + big
                    + QStringLiteral(" NOT NULL, rtype TEXT NOT NULL, param TEXT NOT NULL, system TEXT NOT NULL,"
                                     " code TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (seq, param, system, code, text))")
                    + d.clusteredTableSuffix(),
                QStringLiteral("CREATE INDEX idx_token_lookup ON idx_token (rtype, param, code, system)"),
                QStringLiteral("CREATE TABLE idx_string (seq ") + big
                    + QStringLiteral(" NOT NULL, rtype TEXT NOT NULL, param TEXT NOT NULL, norm TEXT NOT NULL,"
                                     " exact TEXT NOT NULL, PRIMARY KEY (seq, param, exact))")
                    + d.clusteredTableSuffix(),
                QStringLiteral("CREATE INDEX idx_string_lookup ON idx_string (rtype, param, norm)"),
                QStringLiteral("CREATE TABLE idx_date (seq ") + big
                    + QStringLiteral(" NOT NULL, rtype TEXT NOT NULL, param TEXT NOT NULL, lo ") + big
                    + QStringLiteral(" NOT NULL, hi ") + big + QStringLiteral(" NOT NULL, PRIMARY KEY (seq, param, lo, hi))")
                    + d.clusteredTableSuffix(),
                QStringLiteral("CREATE INDEX idx_date_lookup ON idx_date (rtype, param, lo)"),
                QStringLiteral("CREATE TABLE idx_ref (seq ") + big
                    + QStringLiteral(" NOT NULL, rtype TEXT NOT NULL, param TEXT NOT NULL, ttype TEXT NOT NULL,"
                                     " tid TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (seq, param, ttype, tid, url))")
                    + d.clusteredTableSuffix(),
                QStringLiteral("CREATE INDEX idx_ref_lookup ON idx_ref (rtype, param, tid)"),
                QStringLiteral("CREATE INDEX idx_ref_target ON idx_ref (ttype, tid)"),
                QStringLiteral("CREATE INDEX idx_ref_url ON idx_ref (rtype, param, url)"),
            };
        },
        // 2: fewer index entries per resource, for import speed. Every query by target names
        // the source type and parameter (idx_ref_lookup serves it), only absolute URLs are
        // searched by URL (most rows have none), and _id and _lastUpdated have resource's columns.
        [](const SqlDialect &) {
            return QStringList{
                QStringLiteral("DROP INDEX idx_ref_target"),
                QStringLiteral("DROP INDEX idx_ref_url"),
                QStringLiteral("CREATE INDEX idx_ref_url ON idx_ref (rtype, param, url) WHERE url <> ''"),
                // _id and _lastUpdated are read from resource's own columns (SqlSearchBuilder).
                QStringLiteral("DELETE FROM idx_token WHERE param = '_id'"),
                QStringLiteral("DELETE FROM idx_date WHERE param = '_lastUpdated'"),
                // Dates are searched per candidate resource (SqlSearchBuilder::dateCriterion): an
                // index by value took random writes that made large imports rewrite most of it.
                QStringLiteral("DROP INDEX idx_date_lookup"),
            };
        },
        // 3: who may log in, and who may act for whom (DESIGN.md §3).
        [](const SqlDialect &) {
            return QStringList{
                // credential: "sandbox" (the public sandbox password scheme) or a password hash.
                QStringLiteral("CREATE TABLE persona (username TEXT PRIMARY KEY, display_name TEXT NOT NULL,"
                               " kind TEXT NOT NULL CHECK (kind IN ('member', 'delegate')), patient_id TEXT,"
                               " credential TEXT NOT NULL)"),
                QStringLiteral("CREATE TABLE delegation (delegate TEXT NOT NULL REFERENCES persona (username),"
                               " patient_id TEXT NOT NULL, related_person_id TEXT NOT NULL, relationship TEXT NOT NULL,"
                               " valid_from TEXT, valid_to TEXT,"
                               " status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),"
                               " ceiling TEXT NOT NULL, PRIMARY KEY (delegate, patient_id))"),
                QStringLiteral("CREATE INDEX delegation_by_patient ON delegation (patient_id)"),
            };
        },
        // 4: registered apps (DESIGN.md §3). Lists are JSON arrays; secret_hash is ClientSecret's.
        [](const SqlDialect &d) {
            return QStringList{
                QStringLiteral("CREATE TABLE client (client_id TEXT PRIMARY KEY, name TEXT NOT NULL,"
                               " type TEXT NOT NULL CHECK (type IN ('public', 'confidential', 'asymmetric')),"
                               " secret_hash TEXT, redirect_uris TEXT NOT NULL, allowed_scopes TEXT NOT NULL,"
                               " jwks_uri TEXT NOT NULL, jwks TEXT NOT NULL, logo_uri TEXT NOT NULL, contacts TEXT NOT NULL,"
                               " status TEXT NOT NULL CHECK (status IN ('active', 'disabled')), created ")
                    + d.bigintType() + QStringLiteral(" NOT NULL)"),
            };
        },
        // 5: what users allowed apps (DESIGN.md §3). Times are epoch milliseconds; codes are
        // stored as hashes (ClientSecret's form), so a copy of the database redeems none.
        [](const SqlDialect &d) {
            const QString big = d.bigintType();
            return QStringList{
                QStringLiteral("CREATE TABLE auth_grant (grant_id TEXT PRIMARY KEY, client_id TEXT NOT NULL,"
                               " username TEXT NOT NULL, patient_id TEXT NOT NULL, scope TEXT NOT NULL, created ")
                    + big + QStringLiteral(" NOT NULL, expires ") + big + QStringLiteral(" NOT NULL, last_used ") + big
                    + QStringLiteral(" NOT NULL, revoked ") + big + QStringLiteral(")"),
                QStringLiteral("CREATE INDEX auth_grant_by_patient ON auth_grant (patient_id)"),
                QStringLiteral("CREATE TABLE auth_code (code_hash TEXT PRIMARY KEY, client_id TEXT NOT NULL,"
                               " redirect_uri TEXT NOT NULL, code_challenge TEXT NOT NULL, nonce TEXT NOT NULL,"
                               " username TEXT NOT NULL, patient_id TEXT NOT NULL, scope TEXT NOT NULL, expires ")
                    + big + QStringLiteral(" NOT NULL, used ") + big + QStringLiteral(", grant_id TEXT)"),
            };
        },
        // 6: the token side (issue 4). Refresh tokens are kept as hashes (ClientSecret's form) and
        // rotated: `used` marks a spent one, `replaced_by` the hash of its successor. Client
        // assertions' jti values are kept until their expiry, so that none is accepted twice.
        [](const SqlDialect &d) {
            const QString big = d.bigintType();
            return QStringList{
                QStringLiteral("CREATE TABLE refresh_token (token_hash TEXT PRIMARY KEY, grant_id TEXT NOT NULL,"
                               " client_id TEXT NOT NULL, scope TEXT NOT NULL, created ")
                    + big + QStringLiteral(" NOT NULL, expires ") + big + QStringLiteral(" NOT NULL, used ") + big
                    + QStringLiteral(", replaced_by TEXT)"),
                QStringLiteral("CREATE INDEX refresh_token_by_grant ON refresh_token (grant_id)"),
                QStringLiteral("CREATE TABLE client_assertion_jti (client_id TEXT NOT NULL, jti TEXT NOT NULL, expires ")
                    + big + QStringLiteral(" NOT NULL, PRIMARY KEY (client_id, jti))"),
                QStringLiteral("CREATE INDEX client_assertion_jti_by_expiry ON client_assertion_jti (expires)"),
            };
        },
        // 7: the audit trail (access::AuditLog): every FHIR request and every token issued or
        // refused. Times are epoch milliseconds; seq orders events of the same millisecond. Texts
        // are '' rather than NULL, so that filters compare plainly. Listed newest first, by
        // patient, by client, or by time alone.
        [](const SqlDialect &d) {
            const QString big = d.bigintType();
            return QStringList{
                QStringLiteral("CREATE TABLE audit_event (seq ") + d.autoIncrementKey() + QStringLiteral(", event_time ") + big
                    + QStringLiteral(" NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('token', 'fhir')), client_id TEXT NOT NULL,"
                                     " username TEXT NOT NULL, patient_id TEXT NOT NULL, interaction TEXT NOT NULL,"
                                     " query TEXT NOT NULL, result_count INTEGER NOT NULL, status INTEGER NOT NULL,"
                                     " outcome TEXT NOT NULL, token_id TEXT NOT NULL)"),
                QStringLiteral("CREATE INDEX audit_event_by_time ON audit_event (event_time)"),
                QStringLiteral("CREATE INDEX audit_event_by_patient ON audit_event (patient_id, event_time)"),
                QStringLiteral("CREATE INDEX audit_event_by_client ON audit_event (client_id, event_time)"),
            };
        },
        // 8: the `_security` search index (issue 4: sensitive records are withheld in SQL). Rows
        // written before the parameter existed get theirs from meta.security, as SearchIndexer
        // would write them (a Coding with a code: system, code, display in lower case).
        [](const SqlDialect &d) {
            if (d.kind() == SqlDialect::Kind::PostgreSQL) {
                return QStringList{QStringLiteral(
                    "INSERT INTO idx_token (seq, rtype, param, system, code, text)"
                    " SELECT DISTINCT r.seq, r.rtype, '_security', COALESCE(l.value->>'system', ''), l.value->>'code',"
                    " lower(COALESCE(l.value->>'display', ''))"
                    " FROM resource r CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN"
                    " jsonb_typeof(r.json::jsonb->'meta'->'security') = 'array' THEN r.json::jsonb->'meta'->'security'"
                    " ELSE '[]'::jsonb END) l"
                    " WHERE r.json LIKE '%\"security\"%' AND jsonb_typeof(l.value) = 'object'"
                    " AND jsonb_typeof(l.value->'code') = 'string' AND l.value->>'code' <> ''")};
            }
            // SQLite's JSON functions refuse BLOBs before 3.45: the document is read as text.
            return QStringList{QStringLiteral(
                "INSERT INTO idx_token (seq, rtype, param, system, code, text)"
                " SELECT DISTINCT r.seq, r.rtype, '_security', COALESCE(json_extract(l.value, '$.system'), ''),"
                " json_extract(l.value, '$.code'), lower(COALESCE(json_extract(l.value, '$.display'), ''))"
                " FROM resource r, json_each(CAST(r.json AS TEXT), '$.meta.security') l"
                " WHERE CAST(r.json AS TEXT) LIKE '%\"security\"%' AND l.type = 'object'"
                " AND json_type(l.value, '$.code') = 'text' AND json_extract(l.value, '$.code') <> ''")};
        },
        // 9: when the user signed in (OpenID Connect auth_time), carried by the code to its grant and
        // into every ID token issued under it. Epoch milliseconds; rows from before have 0, unknown.
        [](const SqlDialect &d) {
            const QString big = d.bigintType();
            return QStringList{
                QStringLiteral("ALTER TABLE auth_code ADD COLUMN auth_time ") + big + QStringLiteral(" NOT NULL DEFAULT 0"),
                QStringLiteral("ALTER TABLE auth_grant ADD COLUMN auth_time ") + big + QStringLiteral(" NOT NULL DEFAULT 0"),
            };
        },
    };
}

} // namespace

int Migrations::latestVersion()
{
    return int(steps().size());
}

int Migrations::currentVersion(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT version FROM schema_version")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

QString Migrations::migrate(QSqlDatabase &db, const SqlDialect &dialect)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")))
        return query.lastError().text();
    const auto all = steps();
    for (int version = currentVersion(db) + 1; version <= all.size(); ++version) {
        if (!db.transaction())
            return db.lastError().text();
        QStringList statements = all.at(version - 1)(dialect);
        statements << QStringLiteral("DELETE FROM schema_version")
                   << QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)").arg(version);
        for (const QString &statement : std::as_const(statements)) {
            if (!query.exec(statement)) {
                const QString error = QStringLiteral("schema step %1: %2").arg(version).arg(query.lastError().text());
                db.rollback();
                return error;
            }
        }
        if (!db.commit())
            return db.lastError().text();
    }
    return {};
}

} // namespace paw::storage
