#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <QtGlobal>

#include <rapidjson/document.h>

#include <concepts>
#include <string_view>
#include <type_traits>
#include <utility>

namespace paw::sandbox {

/// Builds JSON values in one memory pool and writes them as compact text (RapidJSON).
///
/// The generators make ~90 resources per member. Qt's JSON classes took half of a large seed's
/// CPU (a heap block per value, UTF-16 strings, a slow writer); a pool and RapidJSON's writer
/// take a small part of that (docs/PERFORMANCE.md). Objects keep their members in the order they
/// are added, so a resource reads in FHIR's order (resourceType, id, meta, ...).
///
/// Strings: QString and QByteArray values are copied (as UTF-8) into the pool; string literals
/// (also as `const char *`) and std::string_view are referenced, not copied, so pass only text that outlives the value
/// (literals and constants). Numbers: a double with no fraction is written as an integer, as
/// Qt's JSON writer does ("210", not "210.0").
///
/// A Value passed in (named or temporary) is moved, as RapidJSON does. Values live until clear();
/// a builder serves one thread.
class JsonBuilder
{
public:
    using Value = rapidjson::Value;

    JsonBuilder();
    JsonBuilder(const JsonBuilder &) = delete;
    JsonBuilder &operator=(const JsonBuilder &) = delete;

    /// An object of name/value pairs: object("system", kLoinc, "code", code).
    template<typename... Pairs>
    Value object(Pairs &&...pairs)
    {
        static_assert(sizeof...(Pairs) % 2 == 0, "object() takes names and values in pairs");
        Value object(rapidjson::kObjectType);
        addPairs(object, std::forward<Pairs>(pairs)...);
        return object;
    }

    template<typename... Items>
    Value array(Items &&...items)
    {
        Value array(rapidjson::kArrayType);
        array.Reserve(rapidjson::SizeType(sizeof...(Items)), m_pool);
        (array.PushBack(value(std::forward<Items>(items)), m_pool), ...);
        return array;
    }

    /// Adds a member that the object does not have yet.
    template<typename Name, typename V>
    Value &add(Value &object, Name &&name, V &&member)
    {
        Q_ASSERT(!object.HasMember(key(name)));
        object.AddMember(key(std::forward<Name>(name)), value(std::forward<V>(member)), m_pool);
        return object;
    }

    /// Sets a member, replacing its value when the object has it already.
    template<typename Name, typename V>
    Value &set(Value &object, Name &&name, V &&member)
    {
        Value k = key(std::forward<Name>(name));
        const auto found = object.FindMember(k);
        if (found != object.MemberEnd())
            found->value = value(std::forward<V>(member));
        else
            object.AddMember(k, value(std::forward<V>(member)), m_pool);
        return object;
    }

    template<typename V>
    Value &append(Value &array, V &&item)
    {
        array.PushBack(value(std::forward<V>(item)), m_pool);
        return array;
    }

    /// A deep copy (referenced strings stay referenced).
    Value copy(const Value &value) { return Value(value, m_pool); }

    Value value(Value &&v) { return std::move(v); }
    Value value(Value &v) { return std::move(v); }
    Value value(const QString &text);
    Value value(QStringView text);
    Value value(const QByteArray &utf8) { return Value(utf8.constData(), rapidjson::SizeType(utf8.size()), m_pool); }
    template<std::size_t N>
    Value value(const char (&literal)[N]) { return Value(rapidjson::StringRef(literal, N - 1)); }
    Value value(std::string_view constant) { return Value(rapidjson::StringRef(constant.data(), constant.size())); }
    /// A literal that decayed to a pointer (`brand ? "Brand" : "Generic"`): referenced too.
    Value value(const char *constant) { return value(std::string_view(constant)); }
    Value value(bool b) { return Value(b); }
    Value value(double number);
    template<std::integral I>
        requires(!std::same_as<I, bool>)
    Value value(I number) { return Value(int64_t(number)); }

    /// Compact JSON text.
    static QByteArray text(const Value &value);

    /// Frees every value built so far.
    void clear() { m_pool.Clear(); }
    rapidjson::MemoryPoolAllocator<> &pool() { return m_pool; }

private:
    template<std::size_t N>
    static Value key(const char (&literal)[N]) { return Value(rapidjson::StringRef(literal, N - 1)); }
    static Value key(std::string_view constant) { return Value(rapidjson::StringRef(constant.data(), constant.size())); }
    static Value key(const char *constant) { return key(std::string_view(constant)); }
    Value key(const QString &name) { return value(name); }

    void addPairs(Value &) {}
    template<typename Name, typename V, typename... Rest>
    void addPairs(Value &object, Name &&name, V &&member, Rest &&...rest)
    {
        object.AddMember(key(std::forward<Name>(name)), value(std::forward<V>(member)), m_pool);
        addPairs(object, std::forward<Rest>(rest)...);
    }

    rapidjson::MemoryPoolAllocator<> m_pool;
};

} // namespace paw::sandbox
