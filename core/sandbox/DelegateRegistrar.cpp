#include "sandbox/DelegateRegistrar.h"

#include "fhir/store/SqlResourceStore.h"
#include "sandbox/data/PersonaPlan.h"
#include "sandbox/data/RelatedPersonWriter.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace paw::sandbox {

namespace {

const QString kPersonaList = QStringLiteral("`paw persona list` shows the logins");

} // namespace

DelegateRegistrar::DelegateRegistrar(auth::PersonaStore &personas, fhir::ResourceStore &resources, const platform::Clock &clock)
    : m_personas(personas)
    , m_resources(resources)
    , m_clock(clock)
{
}

QString DelegateRegistrar::check(const auth::Delegation &request)
{
    if (request.delegate.isEmpty() || request.patientId.isEmpty())
        return QStringLiteral("a delegation needs --delegate USER and --member PATIENT");
    if (!RelatedPersonWriter::isRelationship(request.relationship))
        return QStringLiteral("--relationship must be one of: ") + RelatedPersonWriter::relationships().join(QStringLiteral(", "));
    if (request.validFrom.isValid() && request.validTo.isValid() && request.validTo < request.validFrom)
        return QStringLiteral("--until %1 is before --from %2")
            .arg(request.validTo.toString(Qt::ISODate), request.validFrom.toString(Qt::ISODate));
    return {};
}

QString DelegateRegistrar::checkPeople(const auth::Delegation &request, auth::Persona &delegate) const
{
    const auto found = m_personas.find(request.delegate);
    if (!found)
        return found.error();
    if (!*found)
        return QStringLiteral("there is no login named %1 (%2; delegates are made by `paw seed`)").arg(request.delegate, kPersonaList);
    if ((*found)->kind != auth::Persona::Kind::Delegate)
        return QStringLiteral("%1 is a member, not a delegate (%2)").arg(request.delegate, kPersonaList);
    delegate = **found;
    const auto personas = m_personas.personas();
    if (!personas)
        return personas.error();
    for (const auth::Persona &p : *personas) {
        if (p.kind == auth::Persona::Kind::Member && p.patientId == request.patientId)
            return {};
    }
    return QStringLiteral("no member has the patient id %1 (%2 with their patients)").arg(request.patientId, kPersonaList);
}

QString DelegateRegistrar::relatedPersonIdFor(const QString &delegate, const QString &patientId)
{
    const QString id = PersonaPlan::relatedPersonId(delegate, patientId);
    if (fhir::SqlResourceStore::isValidId(id))
        return id;
    // A username a FHIR id cannot hold (other characters, too long): a stable id derived from it.
    const QByteArray digest = QCryptographicHash::hash((delegate + u'\n' + patientId).toUtf8(), QCryptographicHash::Sha256);
    return QStringLiteral("rp-") + QString::fromLatin1(digest.toHex().left(40));
}

Expected<auth::Delegation, QString> DelegateRegistrar::add(auth::Delegation request)
{
    if (const QString problem = check(request); !problem.isEmpty())
        return problem;
    auth::Persona delegate;
    if (const QString problem = checkPeople(request, delegate); !problem.isEmpty())
        return problem;
    const auto existing = m_personas.delegation(request.delegate, request.patientId);
    if (!existing)
        return existing.error();
    if (*existing && (*existing)->status != auth::Delegation::Status::Revoked)
        return QStringLiteral("%1 already has a delegation for patient %2 (%3); revoke it first with `paw delegate revoke`")
            .arg(request.delegate, request.patientId, auth::Delegation::statusName((*existing)->status));

    const QDate today = m_clock.now().toUTC().date();
    if (!request.validFrom.isValid())
        request.validFrom = today;
    if (request.validTo.isValid() && request.validTo < request.validFrom)
        return QStringLiteral("--until %1 is before the delegation starts (%2)")
            .arg(request.validTo.toString(Qt::ISODate), request.validFrom.toString(Qt::ISODate));
    request.status = auth::Delegation::Status::Active;
    request.relatedPersonId = *existing ? (*existing)->relatedPersonId : relatedPersonIdFor(request.delegate, request.patientId);

    // The RelatedPerson first: the delegation must never name one that does not exist.
    // It is active until the delegation ends; a later start is told by its period.
    const qsizetype space = delegate.displayName.lastIndexOf(u' ');
    const QString family = space < 0 ? (delegate.displayName.isEmpty() ? delegate.username : delegate.displayName)
                                     : delegate.displayName.mid(space + 1);
    const QString given = space < 0 ? delegate.username : delegate.displayName.left(space);
    const bool active = !request.validTo.isValid() || request.validTo >= today;
    FhirJson json;
    const auto written = m_resources.writeJson({RelatedPersonWriter::write(json, request, family, given, active)});
    if (!written)
        return QStringLiteral("cannot write RelatedPerson/%1: %2").arg(request.relatedPersonId, written.error());
    if (const QString error = m_personas.save({}, {request}); !error.isEmpty())
        return error;
    return request;
}

QString DelegateRegistrar::deactivateRelatedPerson(const QString &id)
{
    const auto stored = m_resources.read(QStringLiteral("RelatedPerson"), id);
    if (!stored)
        return stored.error().httpStatus == 404 ? QString() : stored.error().diagnostics; // nothing to mark
    QJsonObject resource = QJsonDocument::fromJson(stored->json).object();
    if (resource.value(QStringLiteral("active")) == QJsonValue(false))
        return {};
    resource.insert(QStringLiteral("active"), false);
    const auto written = m_resources.write({resource});
    return written ? QString() : written.error();
}

Expected<auth::Delegation, QString> DelegateRegistrar::revoke(const QString &delegate, const QString &patientId)
{
    const auto existing = m_personas.delegation(delegate, patientId);
    if (!existing)
        return existing.error();
    if (!*existing)
        return QStringLiteral("%1 has no delegation for patient %2 (`paw delegate list` shows them)").arg(delegate, patientId);
    auth::Delegation revoked = **existing;
    // The delegation first: it is what enforcement reads; the RelatedPerson only reports it.
    if (revoked.status != auth::Delegation::Status::Revoked) {
        if (const QString error = m_personas.setDelegationStatus(delegate, patientId, auth::Delegation::Status::Revoked);
            !error.isEmpty())
            return error;
        revoked.status = auth::Delegation::Status::Revoked;
    }
    if (const QString error = deactivateRelatedPerson(revoked.relatedPersonId); !error.isEmpty())
        return QStringLiteral("the delegation is revoked, but RelatedPerson/%1 could not be marked inactive: %2")
            .arg(revoked.relatedPersonId, error);
    return revoked;
}

Expected<QList<auth::Delegation>, QString> DelegateRegistrar::list(const QString &delegate, const QString &patientId) const
{
    auto all = delegate.isEmpty() ? m_personas.delegations() : m_personas.delegationsOf(delegate);
    if (!all || patientId.isEmpty())
        return all;
    QList<auth::Delegation> out;
    for (const auth::Delegation &d : std::as_const(*all)) {
        if (d.patientId == patientId)
            out.append(d);
    }
    return out;
}

} // namespace paw::sandbox
