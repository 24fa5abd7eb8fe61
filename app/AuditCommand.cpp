#include "CommonOptions.h"

#include "access/AuditLogStore.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace paw::app {

namespace {

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject toJson(const access::AuditEvent &e)
{
    return QJsonObject{{QStringLiteral("time"), isoTime(e.timeMs)},
                       {QStringLiteral("kind"), access::AuditEvent::kindName(e.kind)},
                       {QStringLiteral("client"), e.clientId},
                       {QStringLiteral("username"), e.username},
                       {QStringLiteral("patient"), e.patientId},
                       {QStringLiteral("interaction"), e.interaction},
                       {QStringLiteral("query"), e.query},
                       {QStringLiteral("resultCount"), e.resultCount},
                       {QStringLiteral("status"), e.status},
                       {QStringLiteral("outcome"), e.outcome},
                       {QStringLiteral("tokenId"), e.tokenId}};
}

QString toText(const access::AuditEvent &e)
{
    const auto orDash = [](const QString &text) { return text.isEmpty() ? QStringLiteral("-") : text; };
    return QStringLiteral("%1\t%2\t%3 %4\t%5\t%6\t%7\t%8 %9\t%10 results\n")
        .arg(isoTime(e.timeMs), access::AuditEvent::kindName(e.kind), QString::number(e.status), orDash(e.outcome),
             orDash(e.clientId), orDash(e.username), orDash(e.patientId), orDash(e.interaction), orDash(e.query),
             QString::number(e.resultCount));
}

// "2026-06-30" (midnight UTC) or "2026-06-30T12:00:00Z"; a time without an offset is UTC.
std::optional<qint64> timeOption(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        const QDate day = QDate::fromString(text, Qt::ISODate);
        if (!day.isValid())
            return std::nullopt;
        time = QDateTime(day, QTime(0, 0), Qt::UTC);
    }
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    return time.toMSecsSinceEpoch();
}

} // namespace

int runAudit(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lists the audit trail: FHIR requests answered and tokens issued or refused, "
                                                    "newest first."));
    parser.addHelpOption();
    const QCommandLineOption patient(QStringLiteral("patient"), QStringLiteral("Only events about this patient id."), QStringLiteral("id"));
    const QCommandLineOption client(QStringLiteral("client"), QStringLiteral("Only events of this client id."), QStringLiteral("id"));
    const QCommandLineOption since(QStringLiteral("since"), QStringLiteral("Only events at or after this time: 2026-06-30 or 2026-06-30T12:00:00Z (UTC unless an offset is given)."),
                                   QStringLiteral("time"));
    const QCommandLineOption until(QStringLiteral("until"), QStringLiteral("Only events before this time (same forms as --since)."), QStringLiteral("time"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most this many events (default 100)."), QStringLiteral("n"), QStringLiteral("100"));
    parser.addOptions({patient, client, since, until, limit});
    CommonOptions options;
    options.addTo(parser, false);
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("audit takes no arguments: ") + parser.positionalArguments().join(u' '));
        return BadUsage;
    }
    access::AuditLogQuery query;
    query.patientId = parser.value(patient);
    query.clientId = parser.value(client);
    for (const auto &[option, target] : {std::pair{&since, &query.sinceMs}, std::pair{&until, &query.untilMs}}) {
        if (!parser.isSet(*option))
            continue;
        const auto ms = timeOption(parser.value(*option));
        if (!ms) {
            printError(QStringLiteral("--%1 must be a date like 2026-06-30 or a time like 2026-06-30T12:00:00Z").arg(option->names().constFirst()));
            return BadUsage;
        }
        *target = *ms;
    }
    bool ok = false;
    query.limit = parser.value(limit).toInt(&ok);
    if (!ok || query.limit < 1 || query.limit > 100000) {
        printError(QStringLiteral("--limit must be a number from 1 to 100000"));
        return BadUsage;
    }

    const auto database = openDatabase(options.databaseUrl(parser));
    if (!database)
        return Failure;
    const auto events = access::AuditLogStore(database).select(query);
    if (!events) {
        printError(events.error());
        return Failure;
    }
    printList(options.json(parser), *events, &toJson, &toText);
    return Success;
}

} // namespace paw::app
