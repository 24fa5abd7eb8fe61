#include "fhir/search/FhirPathLite.h"

#include "fhir/ChoiceTypes.h"
#include "fhir/search/FhirReference.h"

#include <QJsonArray>
#include <QSet>

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
                branch.steps.append(Step{Step::Kind::Member, first, {}, {}});
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
            branch.steps.append(Step{Step::Kind::Member, name, {}, {}});
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
            branch.steps.append(Step{Step::Kind::WhereResolveIs, {}, type, {}});
            return true;
        }
        if (!expect(Token::Kind::Equals, u"'='"_s))
            return false;
        if (peek().kind != Token::Kind::String)
            return fail(u"expected a string literal but found '%1'"_s.arg(peek().text));
        const QString literal = next().text;
        if (!expect(Token::Kind::RParen, u"')'"_s))
            return false;
        branch.steps.append(Step{Step::Kind::WhereEquals, left, {}, literal});
        return true;
    }

    // A cast right after an untyped member selects that choice element (`onset.as(dateTime)`).
    static void appendTypeFilter(Branch &branch, const QString &type)
    {
        if (!branch.steps.isEmpty() && branch.steps.last().kind == Step::Kind::Member
            && branch.steps.last().type.isEmpty()) {
            branch.steps.last().type = type;
            return;
        }
        branch.steps.append(Step{Step::Kind::TypeFilter, {}, type, {}});
    }

    const QString &m_text;
    QList<Token> m_tokens;
    qsizetype m_pos = 0;
    QString m_error;
};

void appendFlattened(const QJsonValue &value, const QString &type, QList<FhirPathLite::Value> &out)
{
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (!item.isNull() && !item.isUndefined())
                out.append(FhirPathLite::Value{item, type});
        }
    } else if (!value.isNull() && !value.isUndefined()) {
        out.append(FhirPathLite::Value{value, type});
    }
}

void applyMember(const Step &step, const QJsonObject &object, QList<FhirPathLite::Value> &out)
{
    if (!step.type.isEmpty()) {
        const QString key = step.name + ChoiceTypes::suffixForType(step.type);
        appendFlattened(object.value(key), step.type, out);
        return;
    }
    const auto found = object.constFind(step.name);
    if (found != object.constEnd()) {
        appendFlattened(found.value(), QString(), out);
        return;
    }
    // No such element: it may be a choice element `name[x]` written as name + Type.
    const qsizetype length = step.name.size();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = it.key();
        if (key.size() > length && key.startsWith(step.name) && key.at(length).isUpper()) {
            const QString suffix = key.mid(length);
            if (const QString type = ChoiceTypes::typeForSuffix(suffix); !type.isEmpty())
                appendFlattened(it.value(), type, out);
        }
    }
}

void evaluateNode(const FhirPathLite::Node &node, const QJsonObject &resource, const QString &resourceType,
                  QList<FhirPathLite::Value> &out);

void evaluateBranch(const Branch &branch, const QJsonObject &resource, const QString &resourceType,
                    QList<FhirPathLite::Value> &out)
{
    QList<FhirPathLite::Value> current;
    if (branch.parenthesis) {
        evaluateNode(*branch.parenthesis, resource, resourceType, current);
    } else if (branch.rootType.isEmpty() || branch.rootType == resourceType || branch.rootType == u"Resource"
               || branch.rootType == u"DomainResource") {
        current.append(FhirPathLite::Value{resource, resourceType});
    } else {
        return; // a branch for another resource type
    }
    for (const Step &step : branch.steps) {
        if (current.isEmpty())
            return;
        QList<FhirPathLite::Value> selected;
        for (const FhirPathLite::Value &value : std::as_const(current)) {
            switch (step.kind) {
            case Step::Kind::Member:
                if (value.value.isObject())
                    applyMember(step, value.value.toObject(), selected);
                break;
            case Step::Kind::TypeFilter:
                if (value.type.isEmpty() || value.type == step.type)
                    selected.append(FhirPathLite::Value{value.value, step.type});
                break;
            case Step::Kind::WhereResolveIs: {
                const auto reference = FhirReference::parse(value.value.toObject().value(u"reference"_s).toString());
                if (reference && reference->type == step.type)
                    selected.append(value);
                break;
            }
            case Step::Kind::WhereEquals: {
                const QJsonValue member = value.value.toObject().value(step.name);
                if (member.isString() && member.toString() == step.literal)
                    selected.append(value);
                break;
            }
            }
        }
        current = std::move(selected);
    }
    out.append(current);
}

void evaluateNode(const FhirPathLite::Node &node, const QJsonObject &resource, const QString &resourceType,
                  QList<FhirPathLite::Value> &out)
{
    for (const Branch &branch : node.branches)
        evaluateBranch(branch, resource, resourceType, out);
}

struct MemberPath
{
    QStringList names;
    bool cut = false; // a where() reads inside the value at the end: no step below it may narrow it
};

void collectMemberPaths(const FhirPathLite::Node &node, QList<MemberPath> &out)
{
    for (const Branch &branch : node.branches) {
        QList<MemberPath> paths;
        if (branch.parenthesis)
            collectMemberPaths(*branch.parenthesis, paths);
        else
            paths.append(MemberPath{});
        for (MemberPath &path : paths) {
            for (const Step &step : branch.steps) {
                if (path.cut)
                    break;
                if (step.kind == Step::Kind::Member)
                    path.names.append(step.name); // a choice cast reads name + Type: projections keep those keys
                else if (step.kind != Step::Kind::TypeFilter)
                    path.cut = true;
            }
            out.append(path);
        }
    }
}

} // namespace

QList<QStringList> FhirPathLite::memberPaths() const
{
    QList<MemberPath> paths;
    if (m_root)
        collectMemberPaths(*m_root, paths);
    QList<QStringList> out;
    for (const MemberPath &path : std::as_const(paths))
        out.append(path.names);
    return out;
}

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

QList<FhirPathLite::Value> FhirPathLite::evaluate(const QJsonObject &resource) const
{
    QList<Value> out;
    if (m_root)
        evaluateNode(*m_root, resource, resource.value(u"resourceType"_s).toString(), out);
    return out;
}

} // namespace paw::fhir
