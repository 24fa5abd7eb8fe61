#include "sandbox/data/SandboxPopulation.h"

#include <algorithm>

namespace paw::sandbox {

namespace {

template <class T, class Member>
const T *findBy(const QList<T> &items, Member member, const QString &id)
{
    const auto found = std::find_if(items.cbegin(), items.cend(), [&](const T &item) { return item.*member == id; });
    return found == items.cend() ? nullptr : &*found;
}

} // namespace

const Provider *SandboxPopulation::provider(const QString &organizationId) const
{
    return findBy(providers, &Provider::organizationId, organizationId);
}

const Clinician *SandboxPopulation::clinician(const QString &practitionerId) const
{
    return findBy(clinicians, &Clinician::practitionerId, practitionerId);
}

const Payer *SandboxPopulation::payer(const QString &organizationId) const
{
    return findBy(payers, &Payer::organizationId, organizationId);
}

} // namespace paw::sandbox
