#pragma once

#include "sandbox/data/MemberStory.h"

#include <QList>
#include <QString>

namespace paw::sandbox {

/// The people and organizations every member's story refers to, generated once per seed.
/// Resources for them: ClaimsGenerator writes the Organizations (payers and providers, C4BB
/// Organization) and Practitioners (C4BB Practitioner); ClinicalGenerator writes the Locations,
/// PractitionerRoles and Medications (US Core).
struct Payer
{
    QString organizationId;
    QString name;
    QString payerId;            // the payer's identifier (C4BB identifier type "payerid")
    QString naic;               // NAIC company code (C4BB identifier type "naiccode")
    Address address;
    QString phone;
};

struct Provider
{
    enum class Kind { Hospital, Clinic, Pharmacy, DentalOffice };
    Kind kind = Kind::Clinic;
    QString organizationId;
    QString name;
    QString npi;                // organization NPI (valid check digit, NpiNumber)
    QString taxId;              // EIN, 9 digits
    Address address;
    QString phone;
    QString locationId;         // its Location
};

struct Clinician
{
    QString practitionerId;
    QString practitionerRoleId;
    QString family;
    QStringList given;
    QString gender;
    QString npi;                // individual NPI (valid check digit)
    Code specialty;             // NUCC provider taxonomy (http://nucc.org/provider-taxonomy)
    QString providerId;         // the Provider (organization) they work for
};

struct MedicationItem
{
    QString medicationId;
    Code rxnorm;
    Code ndc;
    Sensitivity sensitivity;    // e.g. buprenorphine (ETH), antiretrovirals (HIV)
};

struct SandboxPopulation
{
    quint64 seed = 0;
    QList<Payer> payers;
    QList<Provider> providers;
    QList<Clinician> clinicians;
    QList<MedicationItem> medications;

    const Provider *provider(const QString &organizationId) const;
    const Clinician *clinician(const QString &practitionerId) const;
    const Payer *payer(const QString &organizationId) const;
};

} // namespace paw::sandbox
