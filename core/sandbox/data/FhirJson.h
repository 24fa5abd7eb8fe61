#pragma once

#include "sandbox/data/JsonBuilder.h"
#include "sandbox/data/MemberStory.h"

#include <QDate>
#include <QString>

#include <string_view>

namespace paw::sandbox {

/// A JsonBuilder with the FHIR data types the claims generators repeat (Coding, CodeableConcept,
/// Reference, Money, Identifier, meta), so each resource reads as its structure.
///
/// Texts follow JsonBuilder's rule: literals and std::string_view constants are referenced,
/// QStrings copied. An empty display is left out.
class FhirJson : public JsonBuilder
{
public:
    template<typename System, typename CodeText>
    Value coding(System &&system, CodeText &&code)
    {
        return object("system", std::forward<System>(system), "code", std::forward<CodeText>(code));
    }
    template<typename System, typename CodeText, typename Display>
    Value coding(System &&system, CodeText &&code, Display &&display)
    {
        Value c = coding(std::forward<System>(system), std::forward<CodeText>(code));
        if (!isEmpty(display))
            add(c, "display", std::forward<Display>(display));
        return c;
    }
    Value coding(const Code &code) { return coding(code.system, code.code, code.display); }

    template<typename... Parts>
    Value codeable(Parts &&...parts)
    {
        return object("coding", array(coding(std::forward<Parts>(parts)...)));
    }

    Value reference(std::string_view type, const QString &id);
    Value reference(std::string_view type, const QString &id, const QString &display);
    /// US dollars from cents, exact to the cent.
    Value money(qint64 cents);
    template<typename System, typename IdValue>
    Value identifier(Value type, System &&system, IdValue &&value)
    {
        return object("type", type, "system", std::forward<System>(system), "value", std::forward<IdValue>(value));
    }
    /// meta with lastUpdated, the versioned profile, and the sensitivity label when there is one.
    Value meta(const QString &profile, const QString &lastUpdated, const Sensitivity &sensitivity = {});

    static QString instant(QDate day, int hour = 12);
    static QString date(QDate day) { return day.toString(Qt::ISODate); }

private:
    static bool isEmpty(const QString &text) { return text.isEmpty(); }
    static bool isEmpty(std::string_view text) { return text.empty(); }
    static bool isEmpty(const char *text) { return !*text; }
    template<std::size_t N>
    static bool isEmpty(const char (&)[N]) { return N == 1; }
};

} // namespace paw::sandbox
