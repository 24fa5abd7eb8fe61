#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace paw::access {

/// The patients one user may act for today: a member their own Patient, a delegate the patients
/// of each delegation that allows access today (DESIGN.md §3), each with whether its delegation's
/// ceiling withholds sensitive data.
struct UserReach
{
    bool known = false;              // the user exists
    QHash<QString, bool> noSensitive; // patient id -> the ceiling "no-sensitive" applies

    bool reaches(const QString &patientId) const { return noSensitive.contains(patientId); }
    bool isCapped(const QString &patientId) const { return noSensitive.value(patientId, true); }
    QStringList patients() const
    {
        QStringList ids = noSensitive.keys();
        ids.sort();
        return ids;
    }
};

} // namespace paw::access
