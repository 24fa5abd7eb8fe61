#include "fhir/search/FhirPathLite.h"

#include "fhir/ChoiceTypes.h"
#include "fhir/JsonElement.h"
#include "fhir/search/FhirReference.h"

#include <QJsonObject>

#include <vector>

using namespace Qt::StringLiterals;

namespace paw::fhir {

namespace {

struct Step
{
    enum class Kind {
        Member,         // name; with `type` set, the choice element name + Type
        TypeFilter,     // `as`/`ofType` not right after a member: keep values of `type`
        WhereResolveIs, // keep references to `type`
        WhereEquals,    // keep objects whose member `name` equals `literal`
    };
    Kind kind = Kind::Member;
    QString name;
    QString type;
    QString literal;
    // The same as UTF-8, which the JSON has: `key` is the member read (name, or name + the
    // type's suffix), `literal` the text compared.
    QByteArray keyUtf8;
    QByteArray literalUtf8;

    std::string_view key() const { return {keyUtf8.constData(), std::size_t(keyUtf8.size())}; }
    std::string_view literalText() const { return {literalUtf8.constData(), std::size_t(literalUtf8.size())}; }
};

struct Branch
{
    QString rootType; // leading type name; empty when the path starts with a member or a parenthesis
    std::shared_ptr<const FhirPathLite::Node> parenthesis;
    QList<Step> steps;
};

} // namespace

struct FhirPathLite::Node
{
    QList<Branch> branches; // union
};

namespace {

struct Token
{
    enum class Kind { Identifier, String, Dot, LParen, RParen, Pipe, Equals, End };
    Kind kind = Kind::End;
    QString text;
    qsizetype position = 0;
};

class Parser
{
public:
    explicit Parser(const QString &expression) : m_text(expression) {}

    Expected<std::shared_ptr<const FhirPathLite::Node>, QString> run()
    {
        if (!tokenize())
            return m_error;
        auto node = parseUnion();
        if (!m_error.isEmpty())
            return m_error;
        if (peek().kind != Token::Kind::End) {
            fail(u"unexpected '%1'"_s.arg(peek().text));
            return m_error;
        }
        return std::shared_ptr<const FhirPathLite::Node>(std::move(node));
    }

private:
    bool fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = u"%1 at position %2 of \"%3\""_s.arg(message).arg(peek().position).arg(m_text);
        return false;
    }

    bool tokenize()
    {
        qsizetype i = 0;
        const qsizetype n = m_text.size();
        while (i < n) {
            const QChar c = m_text.at(i);
            if (c.isSpace()) {
                ++i;
                continue;
            }
            Token token;
            token.position = i;
            if (c.isLetter() || c == u'_') {
                const qsizetype start = i;
                while (i < n && (m_text.at(i).isLetterOrNumber() || m_text.at(i) == u'_'))
                    ++i;
                token.kind = Token::Kind::Identifier;
                token.text = m_text.mid(start, i - start);
            } else if (c == u'\'') {
                ++i;
                QString literal;
                bool closed = false;
                while (i < n) {
                    const QChar d = m_text.at(i++);
                    if (d == u'\\' && i < n) {
                        literal.append(m_text.at(i++));
                    } else if (d == u'\'') {
                        closed = true;
                        break;
                    } else {
                        literal.append(d);
                    }
                }
                if (!closed) {
                    m_error = u"unterminated string at position %1 of \"%2\""_s.arg(token.position).arg(m_text);
                    return false;
                }
                token.kind = Token::Kind::String;
                token.text = literal;
            } else {
                static const QString punctuation = u".()|="_s;
                static const Token::Kind kinds[] = {Token::Kind::Dot, Token::Kind::LParen, Token::Kind::RParen,
                                                    Token::Kind::Pipe, Token::Kind::Equals};
                const qsizetype k = punctuation.indexOf(c);
                if (k < 0) {
                    m_error = u"unexpected '%1' at position %2 of \"%3\""_s.arg(c).arg(i).arg(m_text);
                    return false;
                }
                token.kind = kinds[k];
                token.text = c;
                ++i;
            }
            m_tokens.append(token);
        }
        Token end;
        end.position = n;
        end.text = u"end of expression"_s;
        m_tokens.append(end);
        return true;
    }

    const Token &peek(qsizetype ahead = 0) const
    {
        return m_tokens.at(qMin(m_pos + ahead, m_tokens.size() - 1));
    }
    const Token &next() { return m_tokens.at(qMin(m_pos++, m_tokens.size() - 1)); }

    bool accept(Token::Kind kind)
    {
        if (peek().kind != kind)
            return false;
        ++m_pos;
        return true;
    }
    bool expect(Token::Kind kind, const QString &what)
    {
        if (accept(kind))
            return true;
        return fail(u"expected %1 but found '%2'"_s.arg(what, peek().text));
    }
    bool expectIdentifier(QString &out, const QString &what)
    {
        if (peek().kind != Token::Kind::Identifier)
            return fail(u"expected %1 but found '%2'"_s.arg(what, peek().text));
        out = next().text;
        return true;
    }
    bool isKeyword(const char16_t *word) const
    {
        return peek().kind == Token::Kind::Identifier && peek().text == QStringView(word);
    }

    std::shared_ptr<FhirPathLite::Node> parseUnion()
    {
        auto node = std::make_shared<FhirPathLite::Node>();
        do {
            Branch branch;
            if (!parseBranch(branch))
                return node;
            node->branches.append(std::move(branch));
        } while (accept(Token::Kind::Pipe));
        return node;
    }

    bool parseBranch(Branch &branch)
    {
        if (accept(Token::Kind::LParen)) {
            auto inner = parseUnion();
            if (!m_error.isEmpty() || !expect(Token::Kind::RParen, u"')'"_s))
                return false;
            branch.parenthesis = std::move(inner);
        } else if (peek().kind == Token::Kind::Identifier) {
            const QString first = next().text;
            if (first.at(0).isUpper())
                branch.rootType = first;
            else
                branch.steps.append(memberStep(first));
        } else {
            return fail(u"expected a path but found '%1'"_s.arg(peek().text));
        }
        while (true) {
            if (accept(Token::Kind::Dot)) {
                if (!parseStep(branch))
                    return false;
            } else if (isKeyword(u"as")) {
                next();
                QString type;
                if (!expectIdentifier(type, u"a type name after 'as'"_s))
                    return false;
                appendTypeFilter(branch, type);
            } else {
                return true;
            }
        }
    }

    bool parseStep(Branch &branch)
    {
        QString name;
        if (!expectIdentifier(name, u"a name after '.'"_s))
            return false;
        if (!accept(Token::Kind::LParen)) {
            branch.steps.append(memberStep(name));
            return true;
        }
        if (name == u"as" || name == u"ofType") {
            QString type;
            if (!expectIdentifier(type, u"a type name"_s) || !expect(Token::Kind::RParen, u"')'"_s))
                return false;
            appendTypeFilter(branch, type);
            return true;
        }
        if (name != u"where")
            return fail(u"unsupported function '%1()'"_s.arg(name));
        QString left;
        if (!expectIdentifier(left, u"a condition"_s))
            return false;
        if (left == u"resolve") {
            QString is, type;
            if (!expect(Token::Kind::LParen, u"'('"_s) || !expect(Token::Kind::RParen, u"')'"_s)
                || !expectIdentifier(is, u"'is'"_s))
                return false;
            if (is != u"is")
                return fail(u"expected 'is' after resolve()"_s);
            if (!expectIdentifier(type, u"a type name after 'is'"_s) || !expect(Token::Kind::RParen, u"')'"_s))
                return false;
            branch.steps.append(Step{Step::Kind::WhereResolveIs, {}, type, {}, {}, {}});
            return true;
        }
        if (!expect(Token::Kind::Equals, u"'='"_s))
            return false;
        if (peek().kind != Token::Kind::String)
            return fail(u"expected a string literal but found '%1'"_s.arg(peek().text));
        const QString literal = next().text;
        if (!expect(Token::Kind::RParen, u"')'"_s))
            return false;
        branch.steps.append(Step{Step::Kind::WhereEquals, left, {}, literal, left.toUtf8(), literal.toUtf8()});
        return true;
    }

    static Step memberStep(const QString &name) { return Step{Step::Kind::Member, name, {}, {}, name.toUtf8(), {}}; }

    // A cast right after an untyped member selects that choice element (`onset.as(dateTime)`).
    static void appendTypeFilter(Branch &branch, const QString &type)
    {
        if (!branch.steps.isEmpty() && branch.steps.last().kind == Step::Kind::Member
            && branch.steps.last().type.isEmpty()) {
            Step &member = branch.steps.last();
            member.type = type;
            member.keyUtf8 = (member.name + ChoiceTypes::suffixForType(type)).toUtf8();
            return;
        }
        branch.steps.append(Step{Step::Kind::TypeFilter, {}, type, {}, {}, {}});
    }

    const QString &m_text;
    QList<Token> m_tokens;
    qsizetype m_pos = 0;
    QString m_error;
};

using json::element;
using json::element_type;

struct Selected
{
    element value;
    QString type; // as FhirPathLite::Value::type
};

void appendFlattened(element value, const QString &type, std::vector<Selected> &out)
{
    if (value.type() == element_type::ARRAY) {
        for (element item : json::items(value)) {
            if (item.type() != element_type::NULL_VALUE)
                out.push_back(Selected{item, type});
        }
    } else if (value.type() != element_type::NULL_VALUE) {
        out.push_back(Selected{value, type});
    }
}

void applyMember(const Step &step, element object, std::vector<Selected> &out)
{
    element found;
    if (!step.type.isEmpty()) {
        if (json::member(object, step.key(), found))
            appendFlattened(found, step.type, out);
        return;
    }
    if (json::member(object, step.key(), found)) {
        appendFlattened(found, QString(), out);
        return;
    }
    // No such element: it may be a choice element `name[x]` written as name + Type.
    const std::string_view name = step.key();
    for (const auto field : json::members(object)) {
        const std::string_view key = field.key;
        if (key.size() > name.size() && key.substr(0, name.size()) == name && key[name.size()] >= 'A'
            && key[name.size()] <= 'Z') {
            if (const QString type = ChoiceTypes::typeForSuffix(json::qString(key.substr(name.size()))); !type.isEmpty())
                appendFlattened(field.value, type, out);
        }
    }
}

void evaluateNode(const FhirPathLite::Node &node, element resource, const QString &resourceType,
                  std::vector<Selected> &out);

void evaluateBranch(const Branch &branch, element resource, const QString &resourceType, std::vector<Selected> &out)
{
    std::vector<Selected> current;
    if (branch.parenthesis) {
        evaluateNode(*branch.parenthesis, resource, resourceType, current);
    } else if (branch.rootType.isEmpty() || branch.rootType == resourceType || branch.rootType == u"Resource"
               || branch.rootType == u"DomainResource") {
        current.push_back(Selected{resource, resourceType});
    } else {
        return; // a branch for another resource type
    }
    std::vector<Selected> selected;
    for (const Step &step : branch.steps) {
        if (current.empty())
            return;
        selected.clear();
        for (const Selected &value : current) {
            switch (step.kind) {
            case Step::Kind::Member:
                if (value.value.type() == element_type::OBJECT)
                    applyMember(step, value.value, selected);
                break;
            case Step::Kind::TypeFilter:
                if (value.type.isEmpty() || value.type == step.type)
                    selected.push_back(Selected{value.value, step.type});
                break;
            case Step::Kind::WhereResolveIs: {
                const auto reference = FhirReference::parse(json::qString(json::textOf(value.value, "reference")));
                if (reference && reference->type == step.type)
                    selected.push_back(value);
                break;
            }
            case Step::Kind::WhereEquals: {
                element member;
                if (json::member(value.value, step.key(), member) && member.type() == element_type::STRING
                    && json::text(member) == step.literalText())
                    selected.push_back(value);
                break;
            }
            }
        }
        std::swap(current, selected);
    }
    out.insert(out.end(), current.begin(), current.end());
}

void evaluateNode(const FhirPathLite::Node &node, element resource, const QString &resourceType,
                  std::vector<Selected> &out)
{
    for (const Branch &branch : node.branches)
        evaluateBranch(branch, resource, resourceType, out);
}

} // namespace

Expected<FhirPathLite, QString> FhirPathLite::parse(const QString &expression)
{
    if (expression.trimmed().isEmpty())
        return u"empty expression"_s;
    auto root = Parser(expression).run();
    if (!root)
        return root.error();
    FhirPathLite compiled;
    compiled.m_expression = expression;
    compiled.m_root = std::move(root.value());
    return compiled;
}

void FhirPathLite::evaluate(const simdjson::dom::element &resource, const QString &resourceType, const Visit &visit) const
{
    if (!m_root)
        return;
    std::vector<Selected> out;
    evaluateNode(*m_root, resource, resourceType, out);
    for (const Selected &value : out)
        visit(value.value, value.type);
}

QList<FhirPathLite::Value> FhirPathLite::evaluate(const QJsonObject &resource) const
{
    simdjson::dom::parser parser;
    element root;
    if (!json::parse(resource, parser, root))
        return {};
    QList<Value> out;
    evaluate(root, resource.value(u"resourceType"_s).toString(), [&out](const element &value, const QString &type) {
        out.append(Value{json::toQt(value), type});
    });
    return out;
}

} // namespace paw::fhir
