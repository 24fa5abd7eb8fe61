#include "CommonOptions.h"

#include "auth/SigningKeyRing.h"
#include "platform/Clock.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace paw::app {

namespace {

const char *const kUsage =
    "usage: paw key list [--data DIR] [--json]\n"
    "       paw key rotate [--data DIR] [--json]";

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

QString stateOf(const auth::KeyIndex::Entry &key)
{
    return key.isRetired() ? QStringLiteral("retired") : QStringLiteral("active");
}

QJsonObject toJson(const auth::KeyIndex::Entry &key)
{
    return QJsonObject{{QStringLiteral("kid"), key.kid},
                       {QStringLiteral("alg"), auth::jwsAlgorithmName(key.algorithm)},
                       {QStringLiteral("created"), isoTime(key.created)},
                       {QStringLiteral("state"), stateOf(key)},
                       {QStringLiteral("retireUntil"), key.isRetired() ? QJsonValue(isoTime(key.until)) : QJsonValue()}};
}

QString toText(const auth::KeyIndex::Entry &key)
{
    return QStringLiteral("%1\t%2\t%3\t%4\t%5\n")
        .arg(key.kid, auth::jwsAlgorithmName(key.algorithm), isoTime(key.created), stateOf(key),
             key.isRetired() ? isoTime(key.until) : QStringLiteral("-"));
}

} // namespace

int runKey(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Lists or rotates the authorization server's signing keys (<data>/keys). A rotated-out key stays in /auth/jwks "
        "until every token it signed can have expired; a running `paw serve` picks up a rotation at once."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list or rotate."));
    CommonOptions options;
    options.addDataTo(parser);
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (positional.size() != 1 || (action != QLatin1String("list") && action != QLatin1String("rotate"))) {
        printError(QString::fromLatin1(kUsage));
        return BadUsage;
    }

    // Never make a first key here: that is the server's first start, with its lifetimes.
    const QString folder = QDir(options.dataFolder(parser)).filePath(QStringLiteral("keys"));
    if (!auth::KeyStore::existsIn(folder)) {
        printError(QStringLiteral("no signing keys in %1 yet: `paw serve` makes them on its first start").arg(folder));
        return Failure;
    }
    const auto ring = auth::SigningKeyRing::open(folder, platform::Clock::system());
    if (!ring) {
        printError(QStringLiteral("signing keys in %1: %2").arg(folder, ring.error()));
        return Failure;
    }
    const bool json = options.json(parser);
    if (action == QLatin1String("list")) {
        printList(json, (*ring)->list(), &toJson, &toText);
        return Success;
    }

    const QString retiredKid = (*ring)->current().kid();
    const auto rotated = (*ring)->rotate();
    if (!rotated) {
        printError(QStringLiteral("signing keys in %1: %2").arg(folder, rotated.error()));
        return Failure;
    }
    const QList<auth::KeyIndex::Entry> keys = (*ring)->list();
    const auth::KeyIndex::Entry &active = keys.constFirst();
    const auto retired = std::find_if(keys.cbegin(), keys.cend(), [&retiredKid](const auto &k) { return k.kid == retiredKid; });
    if (json) {
        QJsonObject out{{QStringLiteral("active"), toJson(active)}};
        if (retired != keys.cend())
            out.insert(QStringLiteral("retired"), toJson(*retired));
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
    } else {
        printOut(toText(active) + (retired != keys.cend() ? toText(*retired) : QString()));
    }
    return Success;
}

} // namespace paw::app
