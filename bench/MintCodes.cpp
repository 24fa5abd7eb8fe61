// Benchmark helper: stores N authorization codes for one client, user and patient, as if N
// consents had just been given, and prints them one per line. bench/auth-bench.sh feeds them to
// wrk, so that the token endpoint's code exchange can be loaded without a browser per request.
//
//   paw-mint-codes DATABASE_URL CLIENT_ID USERNAME PATIENT REDIRECT_URI VERIFIER SCOPE COUNT

#include "auth/GrantStore.h"
#include "auth/Pkce.h"
#include "platform/Clock.h"
#include "storage/DatabaseConfig.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QTextStream>

using namespace paw;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 9) {
        QTextStream(stderr) << "usage: paw-mint-codes DATABASE_URL CLIENT_ID USERNAME PATIENT REDIRECT_URI VERIFIER SCOPE COUNT\n";
        return 2;
    }
    const auto config = storage::DatabaseConfig::fromUrl(args.at(1));
    if (!config) {
        QTextStream(stderr) << config.error() << '\n';
        return 1;
    }
    const auto database = storage::Database::open(*config);
    if (!database) {
        QTextStream(stderr) << database.error() << '\n';
        return 1;
    }
    auth::GrantStore grants(*database, platform::Clock::system());
    auth::AuthorizationCode code;
    code.clientId = args.at(2);
    code.username = args.at(3);
    code.patientId = args.at(4);
    code.redirectUri = args.at(5);
    code.codeChallenge = auth::Pkce::challengeFor(args.at(6));
    code.nonce = QStringLiteral("bench");
    code.scope = args.at(7);
    // Long enough for the whole run: a benchmark measures the exchange, not the expiry.
    code.expiresMs = platform::Clock::system().nowMs() + 3600 * 1000;
    QTextStream out(stdout);
    const int count = args.at(8).toInt();
    // One transaction for all: tens of thousands of single-row commits would take minutes.
    QSqlDatabase db = (*database)->connection();
    db.transaction();
    for (int i = 0; i < count; ++i) {
        const auto issued = grants.issueCode(code);
        if (!issued) {
            QTextStream(stderr) << issued.error() << '\n';
            return 1;
        }
        out << issued->code << '\n';
    }
    if (!db.commit()) {
        QTextStream(stderr) << db.lastError().text() << '\n';
        return 1;
    }
    return 0;
}
