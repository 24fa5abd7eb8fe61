#include "sandbox/data/JsonBuilder.h"

#include <QStringEncoder>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

namespace paw::sandbox {

namespace {

// Pool blocks: a large ExplanationOfBenefit fits in a few.
constexpr size_t kPoolBlock = 64 * 1024;

} // namespace

JsonBuilder::JsonBuilder()
    : m_pool(kPoolBlock)
{
}

JsonBuilder::Value JsonBuilder::value(QStringView text)
{
    // UTF-16 to UTF-8 straight into the pool: at most three bytes per UTF-16 unit.
    char *out = static_cast<char *>(m_pool.Malloc(size_t(text.size()) * 3 + 1));
    QStringEncoder encoder(QStringEncoder::Utf8);
    char *end = encoder.appendToBuffer(out, text);
    Value v;
    v.SetString(rapidjson::StringRef(out, rapidjson::SizeType(end - out)));
    return v;
}

JsonBuilder::Value JsonBuilder::value(const QString &text)
{
    return value(QStringView(text));
}

JsonBuilder::Value JsonBuilder::value(double number)
{
    // 2^53: the integers a double holds exactly.
    if (std::isfinite(number) && number == std::trunc(number) && std::abs(number) < 9007199254740992.0)
        return Value(int64_t(number));
    return Value(number);
}

QByteArray JsonBuilder::text(const Value &value)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    return QByteArray(buffer.GetString(), qsizetype(buffer.GetSize()));
}

} // namespace paw::sandbox
