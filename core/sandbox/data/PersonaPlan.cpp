#include "sandbox/data/PersonaPlan.h"

#include "sandbox/data/RelatedPersonWriter.h"

namespace paw::sandbox {

namespace {

constexpr int kBlock = 25;

struct Role
{
    int position;          // r in the block
    const char *prefix;    // username prefix
    const char *relationship; // auth::Delegation::relationship
};

// The block's delegations, in the order they are listed (PersonaPlan.h says what each is for).
const Role kRoles[] = {
    {1, "parent", "parent"},
    {2, "parent", "parent"},
    {3, "adultchild", "adult-child"},
    {4, "guardian", "guardian"},
    {5, "spouse", "spouse"},
    {6, "caregiver", "caregiver"},
};

// Given names for delegates, picked by block so that every run names them the same.
const QStringList kDelegateGiven{QStringLiteral("Maria"), QStringLiteral("James"), QStringLiteral("Linda"),
                                 QStringLiteral("Robert"), QStringLiteral("Patricia"), QStringLiteral("Michael"),
                                 QStringLiteral("Susan"), QStringLiteral("David"), QStringLiteral("Karen"),
                                 QStringLiteral("Joseph"), QStringLiteral("Nancy"), QStringLiteral("Thomas")};

QString delegateUsername(const char *prefix, int block)
{
    return QLatin1String(prefix) + QLatin1Char('-') + QString::number(block);
}

} // namespace

QString PersonaPlan::sandboxPassword(const QString &username)
{
    return username + QStringLiteral("-sandbox");
}

QString PersonaPlan::relatedPersonId(const QString &delegateUsername, const QString &patientId)
{
    return patientId + QStringLiteral("-rp-") + delegateUsername;
}

QString PersonaPlan::parentUsername(int memberIndex)
{
    return delegateUsername("parent", memberIndex / kBlock);
}

PersonaPlan PersonaPlan::plan(const QList<MemberStory> &stories, QDate asOf)
{
    PersonaPlan out;
    FhirJson json;
    QHash<int, const MemberStory *> byIndex;
    for (const MemberStory &story : stories) {
        const Member &m = story.member;
        byIndex.insert(m.index, &story);
        auth::Persona persona;
        persona.username = m.username;
        persona.displayName = m.given.value(0) + QLatin1Char(' ') + m.family;
        persona.kind = auth::Persona::Kind::Member;
        persona.patientId = m.patientId;
        persona.credential = QStringLiteral("sandbox");
        out.logins.append(Login{persona, sandboxPassword(m.username)});
    }

    QList<int> blocks;
    for (const MemberStory &story : stories) {
        const int block = story.member.index / kBlock;
        if (!blocks.contains(block))
            blocks.append(block);
    }
    for (const int block : std::as_const(blocks)) {
        QSet<QString> delegatesOfBlock;
        for (const Role &role : kRoles) {
            const MemberStory *story = byIndex.value(block * kBlock + role.position);
            if (!story)
                continue;
            const Member &member = story->member;
            auth::Delegation d;
            d.delegate = delegateUsername(role.prefix, block);
            d.patientId = member.patientId;
            d.relatedPersonId = relatedPersonId(d.delegate, member.patientId);
            d.relationship = QLatin1String(role.relationship);
            switch (role.position) {
            case 1:
            case 2: // a parent until the child turns 18
                d.validFrom = member.birthDate;
                d.validTo = member.birthDate.addYears(18).addDays(-1);
                break;
            case 3:
                d.validFrom = asOf.addYears(-2);
                break;
            case 4:
                d.validFrom = asOf.addYears(-3);
                d.ceiling = QStringLiteral("no-sensitive");
                break;
            case 5: // expired a month ago
                d.validFrom = asOf.addYears(-3);
                d.validTo = asOf.addDays(-30);
                break;
            case 6:
                d.validFrom = asOf.addYears(-1);
                d.status = auth::Delegation::Status::Revoked;
                break;
            }
            // The parent shares the children's family name; other delegates too (a relative).
            const QString given = kDelegateGiven.at((block * 7 + role.position) % kDelegateGiven.size());
            out.delegations.append(d);
            out.relatedPersons.append(RelatedPersonWriter::write(json, d, member.family, given, d.allows(asOf)));
            if (!delegatesOfBlock.contains(d.delegate)) {
                delegatesOfBlock.insert(d.delegate);
                auth::Persona persona;
                persona.username = d.delegate;
                persona.displayName = given + QLatin1Char(' ') + member.family;
                persona.kind = auth::Persona::Kind::Delegate;
                persona.credential = QStringLiteral("sandbox");
                out.logins.append(Login{persona, sandboxPassword(d.delegate)});
            }
        }
    }
    return out;
}

} // namespace paw::sandbox
