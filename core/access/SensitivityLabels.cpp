#include "access/SensitivityLabels.h"

using namespace Qt::StringLiterals;

namespace paw::access {

namespace {

constexpr SensitivityLabels::Category kCategories[] = {
    SensitivityLabels::Category::SubstanceUse, SensitivityLabels::Category::MentalHealth,
    SensitivityLabels::Category::Hiv, SensitivityLabels::Category::ReproductiveHealth,
    SensitivityLabels::Category::Genetic,
};

} // namespace

QStringList SensitivityLabels::codes(Category category)
{
    switch (category) {
    case Category::SubstanceUse: return {u"ETH"_s};
    case Category::MentalHealth: return {u"PSY"_s, u"MH"_s};
    case Category::Hiv: return {u"HIV"_s};
    case Category::ReproductiveHealth: return {u"SEX"_s, u"STD"_s, u"SDV"_s};
    case Category::Genetic: return {u"GDIS"_s};
    }
    return {};
}

QStringList SensitivityLabels::all()
{
    QStringList out;
    for (const Category category : kCategories)
        out += codes(category);
    return out;
}

QStringList SensitivityLabels::withheldBy(const auth::ScopeSet &scopes)
{
    QStringList out;
    for (const Category category : kCategories) {
        if (!scopes.grantsSensitive(category))
            out += codes(category);
    }
    return out;
}

} // namespace paw::access
