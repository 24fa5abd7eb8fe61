#include "sandbox/data/PopulationPlanner.h"

#include "sandbox/data/CareCatalog.h"
#include "sandbox/data/NpiNumber.h"
#include "sandbox/data/PeopleCatalog.h"
#include "sandbox/data/SandboxRandom.h"

namespace paw::sandbox {

namespace {

QString numbered(const char *prefix, int n, int width = 3)
{
    return QString::fromLatin1(prefix) + QString::number(n).rightJustified(width, u'0');
}

struct KindInfo
{
    Provider::Kind kind;
    const char *idPart;
    QStringList nameStems;
    QStringList suffixes;
};

const QList<KindInfo> &kinds()
{
    static const QList<KindInfo> list{
        {Provider::Kind::Hospital, "hosp",
         {QStringLiteral("Mercy"), QStringLiteral("St. Luke's"), QStringLiteral("Riverside"), QStringLiteral("Good Samaritan"),
          QStringLiteral("Memorial"), QStringLiteral("Sacred Heart"), QStringLiteral("Lakeview"), QStringLiteral("University")},
         {QStringLiteral("Hospital"), QStringLiteral("Medical Center"), QStringLiteral("Regional Medical Center")}},
        {Provider::Kind::Clinic, "clinic",
         {QStringLiteral("Oakwood"), QStringLiteral("Bridgeview"), QStringLiteral("Northside"), QStringLiteral("Parkway"),
          QStringLiteral("Greenfield"), QStringLiteral("Harbor"), QStringLiteral("Summit"), QStringLiteral("Meadowbrook")},
         {QStringLiteral("Family Medicine"), QStringLiteral("Primary Care"), QStringLiteral("Health Center"),
          QStringLiteral("Medical Group")}},
        {Provider::Kind::Pharmacy, "pharm",
         {QStringLiteral("Corner"), QStringLiteral("Main Street"), QStringLiteral("Community"), QStringLiteral("Village"),
          QStringLiteral("Hometown"), QStringLiteral("Central"), QStringLiteral("Family"), QStringLiteral("Neighborhood")},
         {QStringLiteral("Pharmacy"), QStringLiteral("Drug Store"), QStringLiteral("Apothecary")}},
        {Provider::Kind::DentalOffice, "dental",
         {QStringLiteral("Bright Smile"), QStringLiteral("Gentle"), QStringLiteral("Pearl"), QStringLiteral("Lakeside"),
          QStringLiteral("Cornerstone"), QStringLiteral("Sunrise"), QStringLiteral("Maple"), QStringLiteral("Crestview")},
         {QStringLiteral("Dental"), QStringLiteral("Family Dentistry"), QStringLiteral("Dental Care")}},
    };
    return list;
}

CareCatalog::Specialty::Setting settingOf(Provider::Kind kind)
{
    using S = CareCatalog::Specialty::Setting;
    switch (kind) {
    case Provider::Kind::Hospital:
        return S::Hospital;
    case Provider::Kind::Pharmacy:
        return S::Pharmacy;
    case Provider::Kind::DentalOffice:
        return S::Dental;
    case Provider::Kind::Clinic:
        break;
    }
    return S::Clinic;
}

QList<Payer> planPayers(SandboxRandom &random)
{
    struct Seed
    {
        const char *name;
        const char *payerId;
        const char *naic;
    };
    // Invented plan names; payer ids and NAIC codes in the shape of real ones (5 digits).
    static const Seed seeds[] = {
        {"Keystone Valley Health Plan", "KVH01", "95432"},
        {"Great Lakes Mutual Health", "GLM22", "60219"},
        {"Blue Ridge Community Health Plan", "BRC37", "47831"},
    };
    QList<Payer> payers;
    const int count = random.between(1, 3);
    for (int i = 0; i < count; ++i) {
        Payer p;
        p.organizationId = numbered("payer-", i + 1, 2);
        p.name = QString::fromLatin1(seeds[i].name);
        p.payerId = QString::fromLatin1(seeds[i].payerId);
        p.naic = QString::fromLatin1(seeds[i].naic);
        p.address = PeopleCatalog::address(random);
        p.phone = PeopleCatalog::phone(random, p.address.state);
        payers.append(p);
    }
    return payers;
}

} // namespace

SandboxPopulation PopulationPlanner::plan(quint64 seed, int members)
{
    SandboxRandom random = SandboxRandom::stream(seed, u"population");
    SandboxPopulation population;
    population.seed = seed;
    population.payers = planPayers(random);

    // NPIs: sequential serials from a seed-chosen base, so they are unique within the population.
    int organizationSerial = 200000000 + random.below(4000000) * 10;
    int individualSerial = 100000000 + random.below(4000000) * 10;

    const int perKind = 10 + qMax(0, members) / 200;
    for (const KindInfo &kind : kinds()) {
        for (int i = 1; i <= perKind; ++i) {
            Provider p;
            p.kind = kind.kind;
            const QString suffix = QString::fromLatin1(kind.idPart) + u'-' + QString::number(i).rightJustified(3, u'0');
            p.organizationId = u"org-" + suffix;
            p.locationId = u"loc-" + suffix;
            const PeopleCatalog::City &city = random.pick(PeopleCatalog::cities());
            p.name = (kind.kind == Provider::Kind::DentalOffice || kind.kind == Provider::Kind::Clinic ? QString()
                                                                                                    : city.name + u' ')
                + random.pick(kind.nameStems) + u' ' + random.pick(kind.suffixes);
            if (kind.kind == Provider::Kind::Clinic || kind.kind == Provider::Kind::DentalOffice)
                p.name += u" of " + city.name;
            p.npi = NpiNumber::fromSerial(organizationSerial += random.between(1, 9));
            p.taxId = QString::number(random.between(10, 99)) + QString::number(random.between(1000000, 9999999));
            p.address = PeopleCatalog::addressIn(random, city);
            p.phone = PeopleCatalog::phone(random, city.state);
            population.providers.append(p);

            // Clinicians: hospitals and clinics have several, pharmacies one pharmacist, dental offices two dentists.
            QList<CareCatalog::Specialty> fitting;
            for (const CareCatalog::Specialty &s : CareCatalog::specialties())
                if (s.setting == settingOf(kind.kind))
                    fitting.append(s);
            const int staff = kind.kind == Provider::Kind::Pharmacy ? 1
                : kind.kind == Provider::Kind::DentalOffice       ? 2
                                                                   : int(fitting.size());
            for (int s = 0; s < staff; ++s) {
                Clinician c;
                const int n = int(population.clinicians.size()) + 1;
                c.practitionerId = numbered("pract-", n, 4);
                c.practitionerRoleId = numbered("prrole-", n, 4);
                c.gender = random.chance(50) ? QStringLiteral("female") : QStringLiteral("male");
                c.given = {random.pick(c.gender == u"female" ? PeopleCatalog::femaleGiven() : PeopleCatalog::maleGiven())};
                c.family = random.pick(PeopleCatalog::family());
                c.npi = NpiNumber::fromSerial(individualSerial += random.between(1, 9));
                c.specialty = fitting.at(s % fitting.size()).taxonomy;
                c.providerId = p.organizationId;
                population.clinicians.append(c);
            }
        }
    }

    for (const CareCatalog::Medication &m : CareCatalog::medications())
        population.medications.append({u"med-" + m.rxnorm.code, m.rxnorm, m.ndc, m.sensitivity});
    return population;
}

} // namespace paw::sandbox
