#include "CommonOptions.h"
#include "DelegationJson.h"

#include "auth/PersonaStore.h"
#include "fhir/store/SqlResourceStore.h"
#include "platform/Clock.h"
#include "sandbox/DelegateRegistrar.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace paw::app {

namespace {

const char *const kUsage =
    "usage: paw delegate add --delegate USER --member PATIENT --relationship R [--from DATE] [--until DATE] [--no-sensitive] [--json]\n"
    "       paw delegate list [--delegate USER] [--member PATIENT] [--json]\n"
    "       paw delegate revoke --delegate USER --member PATIENT [--json]";

QJsonObject toJson(const auth::Delegation &d, QDate today)
{
    QJsonObject out = delegationJson(d, today);
    out.insert(QStringLiteral("delegate"), d.delegate);
    return out;
}

QString toText(const auth::Delegation &d, QDate today)
{
    const QString period = (d.validFrom.isValid() ? d.validFrom.toString(Qt::ISODate) : QStringLiteral("always"))
                           + QStringLiteral(" to ")
                           + (d.validTo.isValid() ? d.validTo.toString(Qt::ISODate) : QStringLiteral("open-ended"));
    QString notes = auth::Delegation::statusName(d.status);
    if (d.status == auth::Delegation::Status::Active && !d.allows(today))
        notes += QStringLiteral(", not now");
    if (!d.ceiling.isEmpty())
        notes += QStringLiteral(", ") + d.ceiling;
    return QStringLiteral("%1\t%2\t%3\t%4\t%5\tRelatedPerson/%6\n").arg(d.delegate, d.patientId, d.relationship, notes, period, d.relatedPersonId);
}

// A date option: empty when unset, nullopt when it is not a date.
std::optional<QDate> dateOption(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    if (!parser.isSet(option))
        return QDate();
    const QDate date = QDate::fromString(parser.value(option), Qt::ISODate);
    return date.isValid() ? std::optional<QDate>(date) : std::nullopt;
}

} // namespace

int runDelegate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Grants, lists and revokes delegations: a delegate's right to act for a member."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add, list or revoke."));
    const QCommandLineOption delegate(QStringLiteral("delegate"), QStringLiteral("The delegate's username (a login of kind delegate)."), QStringLiteral("user"));
    const QCommandLineOption member(QStringLiteral("member"), QStringLiteral("The member's patient id."), QStringLiteral("patient"));
    const QCommandLineOption relationship(QStringLiteral("relationship"), QStringLiteral("parent, guardian, adult-child, spouse, caregiver or other."),
                                          QStringLiteral("r"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("First day of the delegation, YYYY-MM-DD (default today)."), QStringLiteral("date"));
    const QCommandLineOption until(QStringLiteral("until"), QStringLiteral("Last day of the delegation, YYYY-MM-DD (default open-ended)."), QStringLiteral("date"));
    const QCommandLineOption noSensitive(QStringLiteral("no-sensitive"), QStringLiteral("Never share sensitive data under this delegation."));
    parser.addOptions({delegate, member, relationship, from, until, noSensitive});
    CommonOptions options;
    options.addTo(parser, false);
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const bool known = action == QLatin1String("add") || action == QLatin1String("list") || action == QLatin1String("revoke");
    const bool addOnly = parser.isSet(relationship) || parser.isSet(from) || parser.isSet(until) || parser.isSet(noSensitive);
    const bool needsPair = action != QLatin1String("list");
    if (positional.size() != 1 || !known || (addOnly && action != QLatin1String("add"))
        || (needsPair && (!parser.isSet(delegate) || !parser.isSet(member)))) {
        printError(QString::fromLatin1(kUsage));
        return BadUsage;
    }

    auth::Delegation request;
    request.delegate = parser.value(delegate);
    request.patientId = parser.value(member);
    if (action == QLatin1String("add")) {
        const auto first = dateOption(parser, from);
        const auto last = dateOption(parser, until);
        if (!first || !last) {
            printError(QStringLiteral("--from and --until must be dates like 2026-06-30"));
            return BadUsage;
        }
        request.relationship = parser.value(relationship);
        request.validFrom = *first;
        request.validTo = *last;
        request.ceiling = parser.isSet(noSensitive) ? QStringLiteral("no-sensitive") : QString();
        if (const QString problem = sandbox::DelegateRegistrar::check(request); !problem.isEmpty()) {
            printError(problem);
            return BadUsage;
        }
    }

    const auto database = openDatabase(options.databaseUrl(parser));
    if (!database)
        return Failure;
    const platform::Clock &clock = platform::Clock::system();
    auth::PersonaStore personas(database);
    fhir::SqlResourceStore resources(database, fhir::SearchParameterRegistry::builtIn(), clock, QString());
    sandbox::DelegateRegistrar registrar(personas, resources, clock);
    const QDate today = clock.now().toUTC().date();

    if (action == QLatin1String("list")) {
        const auto found = registrar.list(request.delegate, request.patientId);
        if (!found) {
            printError(found.error());
            return Failure;
        }
        printList(options.json(parser), *found, [today](const auth::Delegation &d) { return toJson(d, today); },
                  [today](const auth::Delegation &d) { return toText(d, today); });
        return Success;
    }
    const auto done = action == QLatin1String("add") ? registrar.add(request) : registrar.revoke(request.delegate, request.patientId);
    if (!done) {
        printError(done.error());
        return Failure;
    }
    printOut(options.json(parser) ? QString::fromUtf8(QJsonDocument(toJson(*done, today)).toJson(QJsonDocument::Indented))
                                  : toText(*done, today));
    return Success;
}

} // namespace paw::app
