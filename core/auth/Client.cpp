#include "auth/Client.h"

namespace paw::auth {

QString Client::typeName(Type type)
{
    switch (type) {
    case Type::Public: return QStringLiteral("public");
    case Type::Confidential: return QStringLiteral("confidential");
    case Type::Asymmetric: return QStringLiteral("asymmetric");
    }
    return {};
}

bool Client::typeFromName(const QString &name, Type &type)
{
    for (const Type candidate : {Type::Public, Type::Confidential, Type::Asymmetric}) {
        if (name == typeName(candidate)) {
            type = candidate;
            return true;
        }
    }
    return false;
}

QString Client::statusName(Status status)
{
    return status == Status::Active ? QStringLiteral("active") : QStringLiteral("disabled");
}

} // namespace paw::auth
