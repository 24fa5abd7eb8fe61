#pragma once

// The FHIR API behind an access guard, on a fresh SQLite store: a signing key and tokens minted
// as the authorization server mints them (docs/AUTHORIZATION.md), and a small set of patients,
// records (some labelled sensitive), personas and delegations to write. Requests go through the
// same Router the server uses.

#include "StoreFixture.h"

#include "access/AuditEvent.h"
#include "access/FhirAccessGuard.h"
#include "auth/GrantStore.h"
#include "auth/PersonaStore.h"
#include "auth/jose/Base64Url.h"
#include "auth/jose/Jwt.h"
#include "auth/jose/SigningKey.h"
#include "fhir/rest/FhirRestApi.h"
#include "http/Router.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace paw::test {

inline const QString kIssuer = QStringLiteral("http://paw.test/auth");
inline const QString kActCode = QStringLiteral("http://terminology.hl7.org/CodeSystem/v3-ActCode");
inline const QString kCategory = QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category");
inline constexpr qint64 kGrantLifetimeMs = 90LL * 24 * 3600 * 1000;

/// Every audit event, in order.
struct AuditLog : access::AuditSink
{
    QList<access::AuditEvent> events;
    void record(const access::AuditEvent &event) override { events.append(event); }
};

inline QJsonObject metaWith(const QStringList &labels)
{
    QJsonArray security;
    for (const QString &code : labels)
        security.append(QJsonObject{{QStringLiteral("system"), kActCode}, {QStringLiteral("code"), code}});
    return QJsonObject{{QStringLiteral("security"), security}};
}

inline QJsonObject reference(const QString &target)
{
    return QJsonObject{{QStringLiteral("reference"), target}};
}

inline QJsonObject patient(const QString &id)
{
    return QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Patient")}, {QStringLiteral("id"), id}};
}

inline QJsonObject organization(const QString &id)
{
    return QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Organization")}, {QStringLiteral("id"), id},
                       {QStringLiteral("name"), QString(QStringLiteral("Clinic ") + id)}};
}

inline QJsonObject observation(const QString &id, const QString &patientId, const QString &category,
                               const QStringList &labels = {})
{
    QJsonObject o{{QStringLiteral("resourceType"), QStringLiteral("Observation")},
                  {QStringLiteral("id"), id},
                  {QStringLiteral("status"), QStringLiteral("final")},
                  {QStringLiteral("category"),
                   QJsonArray{QJsonObject{{QStringLiteral("coding"),
                                           QJsonArray{QJsonObject{{QStringLiteral("system"), kCategory},
                                                                  {QStringLiteral("code"), category}}}}}}},
                  {QStringLiteral("code"), QJsonObject{{QStringLiteral("text"), QStringLiteral("a test")}}},
                  {QStringLiteral("subject"), reference(QStringLiteral("Patient/") + patientId)}};
    if (!labels.isEmpty())
        o.insert(QStringLiteral("meta"), metaWith(labels));
    return o;
}

inline QJsonObject condition(const QString &id, const QString &patientId, const QStringList &labels = {})
{
    QJsonObject c{{QStringLiteral("resourceType"), QStringLiteral("Condition")},
                  {QStringLiteral("id"), id},
                  {QStringLiteral("subject"), reference(QStringLiteral("Patient/") + patientId)}};
    if (!labels.isEmpty())
        c.insert(QStringLiteral("meta"), metaWith(labels));
    return c;
}

/// A claim of `patientId` from `providerId`, paid to `payee` (a Patient reference, e.g. another member).
inline QJsonObject claim(const QString &id, const QString &patientId, const QString &providerId, const QString &payee)
{
    return QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("ExplanationOfBenefit")},
                       {QStringLiteral("id"), id},
                       {QStringLiteral("status"), QStringLiteral("active")},
                       {QStringLiteral("patient"), reference(QStringLiteral("Patient/") + patientId)},
                       {QStringLiteral("provider"), reference(QStringLiteral("Organization/") + providerId)},
                       {QStringLiteral("payee"), QJsonObject{{QStringLiteral("party"), reference(payee)}}}};
}

inline auth::Persona member(const QString &username, const QString &patientId)
{
    return auth::Persona{username, username, auth::Persona::Kind::Member, patientId, QStringLiteral("sandbox")};
}

inline auth::Persona delegate(const QString &username)
{
    return auth::Persona{username, username, auth::Persona::Kind::Delegate, {}, QStringLiteral("sandbox")};
}

inline auth::Delegation delegation(const QString &delegateName, const QString &patientId, QDate validTo = {},
                                   const QString &ceiling = {})
{
    auth::Delegation d;
    d.delegate = delegateName;
    d.patientId = patientId;
    d.relatedPersonId = QStringLiteral("rp-") + delegateName + u'-' + patientId;
    d.relationship = QStringLiteral("parent");
    d.validFrom = QDate(2025, 1, 1);
    d.validTo = validTo;
    d.ceiling = ceiling;
    return d;
}

/// The FHIR API (on the fixture's store) behind a guard that trusts `signingKey`, with an audit log.
struct AccessFixture : StoreFixture
{
    explicit AccessFixture(const auth::SigningKey &signingKey)
        : key(signingKey)
        , grants(database, clock)
        , personas(database)
    {
        if (!ok())
            return;
        auto rest = std::make_shared<fhir::FhirRestApi>(
            std::make_unique<fhir::SqlResourceStore>(database, registry, clock, kStoreBase), registry, clock, kStoreBase);
        const auth::SigningKey published = key;
        guard = std::make_shared<access::FhirAccessGuard>(
            database,
            [published] {
                auth::PublicKeySet keys;
                (void)keys.add({published.kid(), published.algorithm(), published.publicKey()});
                return keys;
            },
            kIssuer, kStoreBase, registry, clock, &audit);
        rest->setAccessGuard(guard);
        fhir::FhirRestApi::registerRoutes(rest, router);
        api = rest;
    }

    /// The records every access test starts from:
    /// - members alice (Patient pa) and bob (pb); children pc, pd (of `parent`) and pe (no one's here);
    /// - pa: claim eob-a paid to Patient/pb, observations lab-a1, lab-a2 (laboratory), vital-a
    ///   (vital-signs), social-a (social-history), hiv-a (laboratory, labelled HIV); conditions
    ///   cond-a and psy-a (PSY);
    /// - pb: claim eob-b paid to Patient/pa, lab-b; pc: lab-c, psy-c (PSY); pd: lab-d; pe: lab-e;
    /// - Organization org-1, every claim's provider;
    /// - delegates: parent (pc, pd), guardian (pc, ceiling no-sensitive), spouse (pa, expired
    ///   2025-12-31), caregiver (pb).
    QString writeExampleRecords()
    {
        const auto written = write({
            patient(QStringLiteral("pa")), patient(QStringLiteral("pb")), patient(QStringLiteral("pc")),
            patient(QStringLiteral("pd")), patient(QStringLiteral("pe")), organization(QStringLiteral("org-1")),
            claim(QStringLiteral("eob-a"), QStringLiteral("pa"), QStringLiteral("org-1"), QStringLiteral("Patient/pb")),
            claim(QStringLiteral("eob-b"), QStringLiteral("pb"), QStringLiteral("org-1"), QStringLiteral("Patient/pa")),
            observation(QStringLiteral("lab-a1"), QStringLiteral("pa"), QStringLiteral("laboratory")),
            observation(QStringLiteral("lab-a2"), QStringLiteral("pa"), QStringLiteral("laboratory")),
            observation(QStringLiteral("vital-a"), QStringLiteral("pa"), QStringLiteral("vital-signs")),
            observation(QStringLiteral("social-a"), QStringLiteral("pa"), QStringLiteral("social-history")),
            observation(QStringLiteral("hiv-a"), QStringLiteral("pa"), QStringLiteral("laboratory"), {QStringLiteral("HIV")}),
            condition(QStringLiteral("cond-a"), QStringLiteral("pa")),
            condition(QStringLiteral("psy-a"), QStringLiteral("pa"), {QStringLiteral("PSY")}),
            observation(QStringLiteral("lab-b"), QStringLiteral("pb"), QStringLiteral("laboratory")),
            observation(QStringLiteral("lab-c"), QStringLiteral("pc"), QStringLiteral("laboratory")),
            condition(QStringLiteral("psy-c"), QStringLiteral("pc"), {QStringLiteral("PSY")}),
            observation(QStringLiteral("lab-d"), QStringLiteral("pd"), QStringLiteral("laboratory")),
            observation(QStringLiteral("lab-e"), QStringLiteral("pe"), QStringLiteral("laboratory")),
        });
        if (!written)
            return written.error();
        return personas.save(
            {member(QStringLiteral("alice"), QStringLiteral("pa")), member(QStringLiteral("bob"), QStringLiteral("pb")),
             delegate(QStringLiteral("parent")), delegate(QStringLiteral("guardian")), delegate(QStringLiteral("spouse")),
             delegate(QStringLiteral("caregiver"))},
            {delegation(QStringLiteral("parent"), QStringLiteral("pc")), delegation(QStringLiteral("parent"), QStringLiteral("pd")),
             delegation(QStringLiteral("guardian"), QStringLiteral("pc"), {}, QStringLiteral("no-sensitive")),
             delegation(QStringLiteral("spouse"), QStringLiteral("pa"), QDate(2025, 12, 31)),
             delegation(QStringLiteral("caregiver"), QStringLiteral("pb"))});
    }

    /// A grant for `username` and `patientId` with `scope`, as the authorization server makes one.
    auth::Grant grant(const QString &username, const QString &patientId, const QString &scope)
    {
        auth::Grant draft;
        draft.clientId = QStringLiteral("app-1");
        draft.username = username;
        draft.patientId = patientId;
        draft.scope = scope;
        auto made = grants.createGrant(draft, kGrantLifetimeMs);
        if (!made)
            qFatal("test grant: %s", qPrintable(made.error()));
        return *made;
    }

    /// The access token's claims for `g` (docs/AUTHORIZATION.md), valid for 30 minutes from now.
    QJsonObject claimsFor(const auth::Grant &g) const
    {
        const qint64 now = clock.nowMs() / 1000;
        QJsonObject claims{{QStringLiteral("iss"), kIssuer},
                           {QStringLiteral("aud"), kStoreBase},
                           {QStringLiteral("sub"), g.username},
                           {QStringLiteral("client_id"), g.clientId},
                           {QStringLiteral("scope"), g.scope},
                           {QStringLiteral("patient"), g.patientId},
                           {QStringLiteral("grant_id"), g.grantId},
                           {QStringLiteral("iat"), now},
                           {QStringLiteral("nbf"), now},
                           {QStringLiteral("exp"), now + 1800},
                           {QStringLiteral("jti"), QStringLiteral("jti-%1").arg(++jtiCounter)}};
        if (g.username != QStringLiteral("alice") && g.username != QStringLiteral("bob"))
            claims.insert(QStringLiteral("act"), QJsonObject{{QStringLiteral("sub"), g.username}});
        return claims;
    }

    QByteArray sign(const QJsonObject &claims, const QJsonObject &header = {{QStringLiteral("typ"), QStringLiteral("at+jwt")}}) const
    {
        auto token = auth::Jwt::sign(header, claims, key);
        if (!token)
            qFatal("test token: %s", qPrintable(token.error()));
        return *token;
    }

    /// A token under a new grant of `scope` for `username` acting for `patientId`.
    QByteArray token(const QString &username, const QString &patientId, const QString &scope)
    {
        return sign(claimsFor(grant(username, patientId, scope)));
    }

    /// GET <base>/`pathAndQuery` through the router, with `token` as the bearer token (none when empty).
    http::HttpResponse get(const QString &pathAndQuery, const QByteArray &bearer = {},
                           const QByteArray &authorization = {}) const
    {
        http::HttpRequest request;
        request.method = "GET";
        const qsizetype question = pathAndQuery.indexOf(u'?');
        request.path = QStringLiteral("/fhir/") + pathAndQuery.left(question);
        if (question >= 0)
            request.query = queryPairs(pathAndQuery.mid(question + 1));
        if (!bearer.isEmpty())
            request.headers.append({QByteArrayLiteral("Authorization"), "Bearer " + bearer});
        else if (!authorization.isEmpty())
            request.headers.append({QByteArrayLiteral("Authorization"), authorization});
        return router.dispatch(request);
    }

    auth::SigningKey key;
    auth::GrantStore grants;
    auth::PersonaStore personas;
    AuditLog audit;
    std::shared_ptr<access::FhirAccessGuard> guard;
    std::shared_ptr<fhir::FhirRestApi> api;
    http::Router router;
    mutable int jtiCounter = 0;
};

/// The response body as JSON.
inline QJsonObject bodyOf(const http::HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

/// "Type/id" of the searchset entries whose search.mode is `mode`, sorted.
inline QStringList entries(const http::HttpResponse &response, const QString &mode = QStringLiteral("match"))
{
    QStringList out;
    const QJsonArray all = bodyOf(response).value(QStringLiteral("entry")).toArray();
    for (const QJsonValue &e : all) {
        const QJsonObject entry = e.toObject();
        if (entry.value(QStringLiteral("search")).toObject().value(QStringLiteral("mode")).toString() != mode)
            continue;
        const QJsonObject r = entry.value(QStringLiteral("resource")).toObject();
        out << r.value(QStringLiteral("resourceType")).toString() + u'/' + r.value(QStringLiteral("id")).toString();
    }
    out.sort();
    return out;
}

} // namespace paw::test
