#include "fhir/validation/FhirPathEvaluator.h"

#include "fhir/ChoiceTypes.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <cmath>

using namespace Qt::StringLiterals;

namespace paw::fhir {

using Item = FhirPathEvaluator::Item;
using Collection = FhirPathEvaluator::Collection;

struct FhirPathEvaluator::Node
{
    enum class Kind {
        Literal,    // value, type
        Empty,      // {}
        This,       // $this
        Index,      // $index
        Constant,   // %name
        Member,     // [focus].name
        Function,   // [focus].name(args)
        Indexer,    // focus[args[0]]
        Binary,     // args[0] op args[1]
        Unary,      // op args[0]
        TypeOp,     // args[0] is/as name
    };
    Kind kind = Kind::Literal;
    QString name; // member, function, operator, constant, type
    Item literal;
    std::shared_ptr<const Node> focus; // for Member/Function; null = the current $this
    QList<std::shared_ptr<const Node>> args;
};

namespace {

using NodePtr = std::shared_ptr<const FhirPathEvaluator::Node>;
using Node = FhirPathEvaluator::Node;

// Thrown inside this file only, when an evaluation cannot be decided honestly; evaluate()
// turns it into an error value, so callers never see it.
struct Undecided
{
    QString reason;
};

[[noreturn]] void undecided(const QString &reason)
{
    throw Undecided{reason};
}

const QSet<QString> &supportedFunctions()
{
    static const QSet<QString> names{
        u"empty"_s, u"exists"_s, u"not"_s, u"count"_s, u"where"_s, u"select"_s, u"all"_s, u"repeat"_s,
        u"allTrue"_s, u"anyTrue"_s, u"allFalse"_s, u"anyFalse"_s, u"first"_s, u"last"_s, u"tail"_s,
        u"skip"_s, u"take"_s, u"single"_s, u"distinct"_s, u"isDistinct"_s, u"union"_s, u"combine"_s,
        u"intersect"_s, u"exclude"_s, u"subsetOf"_s, u"supersetOf"_s, u"hasValue"_s, u"children"_s,
        u"descendants"_s, u"ofType"_s, u"as"_s, u"is"_s, u"iif"_s, u"matches"_s, u"replaceMatches"_s,
        u"startsWith"_s, u"endsWith"_s, u"contains"_s, u"length"_s, u"substring"_s, u"lower"_s,
        u"upper"_s, u"indexOf"_s, u"replace"_s, u"toString"_s, u"toInteger"_s, u"toDecimal"_s,
        u"memberOf"_s, u"resolve"_s, u"extension"_s, u"trace"_s};
    return names;
}

// ---------------------------------------------------------------- tokens

struct Token
{
    enum class Kind { Identifier, Delimited, String, Number, DateTime, Variable, Constant, Symbol, End };
    Kind kind = Kind::End;
    QString text;
    qsizetype position = 0;
};

Expected<QList<Token>, QString> tokenize(const QString &text)
{
    QList<Token> tokens;
    qsizetype i = 0;
    const qsizetype n = text.size();
    auto fail = [&](const QString &what) { return QString(u"%1 at position %2"_s.arg(what).arg(i)); };
    while (i < n) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == u'/' && i + 1 < n && text.at(i + 1) == u'/') { // comment to the end of the line
            while (i < n && text.at(i) != u'\n')
                ++i;
            continue;
        }
        Token token;
        token.position = i;
        auto readIdentifier = [&]() {
            const qsizetype start = i;
            while (i < n && (text.at(i).isLetterOrNumber() || text.at(i) == u'_'))
                ++i;
            return text.mid(start, i - start);
        };
        auto readQuoted = [&](QChar quote, QString &out) {
            ++i;
            while (i < n) {
                const QChar d = text.at(i++);
                if (d == quote)
                    return true;
                if (d == u'\\' && i < n) {
                    const QChar e = text.at(i++);
                    switch (e.unicode()) {
                    case 'n': out.append(u'\n'); break;
                    case 't': out.append(u'\t'); break;
                    case 'r': out.append(u'\r'); break;
                    case 'f': out.append(u'\f'); break;
                    case 'u':
                        if (i + 4 <= n) {
                            out.append(QChar(text.mid(i, 4).toUShort(nullptr, 16)));
                            i += 4;
                        }
                        break;
                    default: out.append(e); break;
                    }
                } else {
                    out.append(d);
                }
            }
            return false;
        };
        if (c.isLetter() || c == u'_') {
            token.kind = Token::Kind::Identifier;
            token.text = readIdentifier();
        } else if (c == u'`') {
            token.kind = Token::Kind::Delimited;
            if (!readQuoted(u'`', token.text))
                return fail(u"unterminated `name`"_s);
        } else if (c == u'\'') {
            token.kind = Token::Kind::String;
            if (!readQuoted(u'\'', token.text))
                return fail(u"unterminated string"_s);
        } else if (c.isDigit()) {
            token.kind = Token::Kind::Number;
            const qsizetype start = i;
            while (i < n && text.at(i).isDigit())
                ++i;
            if (i + 1 < n && text.at(i) == u'.' && text.at(i + 1).isDigit()) {
                ++i;
                while (i < n && text.at(i).isDigit())
                    ++i;
            }
            token.text = text.mid(start, i - start);
        } else if (c == u'@') {
            token.kind = Token::Kind::DateTime;
            const qsizetype start = ++i;
            while (i < n && (text.at(i).isLetterOrNumber() || QStringView(u"-:.+TZ").contains(text.at(i))))
                ++i;
            token.text = text.mid(start, i - start);
        } else if (c == u'$') {
            ++i;
            token.kind = Token::Kind::Variable;
            token.text = readIdentifier();
        } else if (c == u'%') {
            ++i;
            token.kind = Token::Kind::Constant;
            if (i < n && (text.at(i) == u'`' || text.at(i) == u'\'')) {
                if (!readQuoted(text.at(i), token.text))
                    return fail(u"unterminated constant"_s);
            } else {
                token.text = readIdentifier();
            }
        } else {
            static const QStringList symbols{u"!="_s, u"!~"_s, u"<="_s, u">="_s, u"."_s, u","_s, u"("_s, u")"_s,
                                             u"["_s,  u"]"_s,  u"{"_s,  u"}"_s,  u"|"_s, u"="_s, u"~"_s, u"<"_s,
                                             u">"_s,  u"+"_s,  u"-"_s,  u"*"_s,  u"/"_s, u"&"_s};
            bool found = false;
            for (const QString &symbol : symbols) {
                if (QStringView(text).mid(i).startsWith(symbol)) {
                    token.kind = Token::Kind::Symbol;
                    token.text = symbol;
                    i += symbol.size();
                    found = true;
                    break;
                }
            }
            if (!found)
                return fail(u"unexpected '%1'"_s.arg(c));
        }
        tokens.append(token);
    }
    Token end;
    end.position = n;
    tokens.append(end);
    return tokens;
}

// ---------------------------------------------------------------- parser

class Parser
{
public:
    explicit Parser(QList<Token> tokens) : m_tokens(std::move(tokens)) {}

    Expected<NodePtr, QString> run()
    {
        NodePtr root = expression();
        if (m_error.isEmpty() && peek().kind != Token::Kind::End)
            fail(u"unexpected '%1'"_s.arg(peek().text));
        if (!m_error.isEmpty())
            return m_error;
        return root;
    }

private:
    const Token &peek(qsizetype ahead = 0) const { return m_tokens.at(qMin(m_pos + ahead, m_tokens.size() - 1)); }
    bool isSymbol(const char16_t *symbol) const
    {
        return peek().kind == Token::Kind::Symbol && peek().text == QStringView(symbol);
    }
    bool isWord(const char16_t *word) const
    {
        return peek().kind == Token::Kind::Identifier && peek().text == QStringView(word);
    }
    NodePtr fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = u"%1 at position %2"_s.arg(message).arg(peek().position);
        return std::make_shared<Node>();
    }
    bool expectSymbol(const char16_t *symbol)
    {
        if (isSymbol(symbol)) {
            ++m_pos;
            return true;
        }
        fail(u"expected '%1'"_s.arg(QStringView(symbol)));
        return false;
    }
    static NodePtr binary(const QString &op, NodePtr left, NodePtr right)
    {
        auto node = std::make_shared<Node>();
        node->kind = Node::Kind::Binary;
        node->name = op;
        node->args = {std::move(left), std::move(right)};
        return node;
    }

    // Precedence, loosest first: implies; or xor; and; in contains; = ~ != !~; < > <= >=; |;
    // is as; + - &; * / div mod; unary; invocation and indexer.
    NodePtr expression() { return impliesExpr(); }
    NodePtr impliesExpr()
    {
        NodePtr left = orExpr();
        while (m_error.isEmpty() && isWord(u"implies")) {
            ++m_pos;
            left = binary(u"implies"_s, left, orExpr());
        }
        return left;
    }
    NodePtr orExpr()
    {
        NodePtr left = andExpr();
        while (m_error.isEmpty() && (isWord(u"or") || isWord(u"xor"))) {
            const QString op = m_tokens.at(m_pos++).text;
            left = binary(op, left, andExpr());
        }
        return left;
    }
    NodePtr andExpr()
    {
        NodePtr left = membershipExpr();
        while (m_error.isEmpty() && isWord(u"and")) {
            ++m_pos;
            left = binary(u"and"_s, left, membershipExpr());
        }
        return left;
    }
    NodePtr membershipExpr()
    {
        NodePtr left = equalityExpr();
        while (m_error.isEmpty() && (isWord(u"in") || isWord(u"contains"))) {
            const QString op = m_tokens.at(m_pos++).text;
            left = binary(op, left, equalityExpr());
        }
        return left;
    }
    NodePtr equalityExpr()
    {
        NodePtr left = comparisonExpr();
        while (m_error.isEmpty() && (isSymbol(u"=") || isSymbol(u"!=") || isSymbol(u"~") || isSymbol(u"!~"))) {
            const QString op = m_tokens.at(m_pos++).text;
            left = binary(op, left, comparisonExpr());
        }
        return left;
    }
    NodePtr comparisonExpr()
    {
        NodePtr left = unionExpr();
        while (m_error.isEmpty() && (isSymbol(u"<") || isSymbol(u">") || isSymbol(u"<=") || isSymbol(u">="))) {
            const QString op = m_tokens.at(m_pos++).text;
            left = binary(op, left, unionExpr());
        }
        return left;
    }
    NodePtr unionExpr()
    {
        NodePtr left = typeExpr();
        while (m_error.isEmpty() && isSymbol(u"|")) {
            ++m_pos;
            left = binary(u"|"_s, left, typeExpr());
        }
        return left;
    }
    NodePtr typeExpr()
    {
        NodePtr left = additiveExpr();
        while (m_error.isEmpty() && (isWord(u"is") || isWord(u"as"))) {
            auto node = std::make_shared<Node>();
            node->kind = Node::Kind::TypeOp;
            node->literal.type = m_tokens.at(m_pos++).text; // operator
            node->name = typeSpecifier();
            node->args = {left};
            left = node;
        }
        return left;
    }
    QString typeSpecifier()
    {
        if (peek().kind != Token::Kind::Identifier && peek().kind != Token::Kind::Delimited) {
            fail(u"expected a type name"_s);
            return {};
        }
        QString name = m_tokens.at(m_pos++).text;
        if (isSymbol(u".") && (peek(1).kind == Token::Kind::Identifier || peek(1).kind == Token::Kind::Delimited)) {
            m_pos += 1;
            name += u'.' + m_tokens.at(m_pos++).text;
        }
        return name;
    }
    NodePtr additiveExpr()
    {
        NodePtr left = multiplicativeExpr();
        while (m_error.isEmpty() && (isSymbol(u"+") || isSymbol(u"-") || isSymbol(u"&"))) {
            const QString op = m_tokens.at(m_pos++).text;
            left = binary(op, left, multiplicativeExpr());
        }
        return left;
    }
    NodePtr multiplicativeExpr()
    {
        NodePtr left = unaryExpr();
        while (m_error.isEmpty() && (isSymbol(u"*") || isSymbol(u"/") || isWord(u"div") || isWord(u"mod"))) {
            const QString op = m_tokens.at(m_pos++).text;
            left = binary(op, left, unaryExpr());
        }
        return left;
    }
    NodePtr unaryExpr()
    {
        if (isSymbol(u"-") || isSymbol(u"+")) {
            auto node = std::make_shared<Node>();
            node->kind = Node::Kind::Unary;
            node->name = m_tokens.at(m_pos++).text;
            node->args = {unaryExpr()};
            return node;
        }
        return postfixExpr();
    }
    NodePtr postfixExpr()
    {
        NodePtr node = term();
        while (m_error.isEmpty()) {
            if (isSymbol(u".")) {
                ++m_pos;
                node = invocation(node);
            } else if (isSymbol(u"[")) {
                ++m_pos;
                auto indexer = std::make_shared<Node>();
                indexer->kind = Node::Kind::Indexer;
                indexer->focus = node;
                indexer->args = {expression()};
                expectSymbol(u"]");
                node = indexer;
            } else {
                break;
            }
        }
        return node;
    }
    NodePtr invocation(NodePtr focus)
    {
        const Token &token = peek();
        if (token.kind != Token::Kind::Identifier && token.kind != Token::Kind::Delimited)
            return fail(u"expected a name"_s);
        ++m_pos;
        auto node = std::make_shared<Node>();
        node->focus = std::move(focus);
        node->name = token.text;
        if (token.kind == Token::Kind::Identifier && isSymbol(u"(")) {
            ++m_pos;
            node->kind = Node::Kind::Function;
            if (!supportedFunctions().contains(node->name))
                return fail(u"function %1() is not supported"_s.arg(node->name));
            if (!isSymbol(u")")) {
                node->args.append(expression());
                while (m_error.isEmpty() && isSymbol(u",")) {
                    ++m_pos;
                    node->args.append(expression());
                }
            }
            expectSymbol(u")");
            // ofType/as/is take a type name, not an expression.
            if ((node->name == u"ofType"_s || node->name == u"as"_s || node->name == u"is"_s)
                && (node->args.size() != 1 || node->args.first()->kind != Node::Kind::Member))
                return fail(u"%1() needs a type name"_s.arg(node->name));
        } else {
            node->kind = Node::Kind::Member;
        }
        return node;
    }
    NodePtr term()
    {
        const Token token = peek();
        auto node = std::make_shared<Node>();
        switch (token.kind) {
        case Token::Kind::String:
            ++m_pos;
            node->literal = Item{token.text, u"string"_s, {}};
            return node;
        case Token::Kind::Number:
            ++m_pos;
            node->literal = Item{token.text.toDouble(), token.text.contains(u'.') ? u"decimal"_s : u"integer"_s, {}};
            return node;
        case Token::Kind::DateTime:
            ++m_pos;
            node->literal = Item{token.text, token.text.contains(u'T') ? u"dateTime"_s : u"date"_s, {}};
            return node;
        case Token::Kind::Variable:
            ++m_pos;
            if (token.text == u"this"_s)
                node->kind = Node::Kind::This;
            else if (token.text == u"index"_s)
                node->kind = Node::Kind::Index;
            else
                return fail(u"$%1 is not supported"_s.arg(token.text));
            return node;
        case Token::Kind::Constant:
            ++m_pos;
            node->kind = Node::Kind::Constant;
            node->name = token.text;
            return node;
        case Token::Kind::Identifier:
            if (token.text == u"true"_s || token.text == u"false"_s) {
                ++m_pos;
                node->literal = Item{token.text == u"true"_s, u"boolean"_s, {}};
                return node;
            }
            return invocation(nullptr);
        case Token::Kind::Delimited:
            return invocation(nullptr);
        case Token::Kind::Symbol:
            if (token.text == u"("_s) {
                ++m_pos;
                NodePtr inner = expression();
                expectSymbol(u")");
                return inner;
            }
            if (token.text == u"{"_s) {
                ++m_pos;
                expectSymbol(u"}");
                node->kind = Node::Kind::Empty;
                return node;
            }
            break;
        case Token::Kind::End:
            break;
        }
        return fail(u"unexpected '%1'"_s.arg(token.kind == Token::Kind::End ? u"end of expression"_s : token.text));
    }

    QList<Token> m_tokens;
    qsizetype m_pos = 0;
    QString m_error;
};

// ---------------------------------------------------------------- values


QString typeOf(const Item &item)
{
    if (!item.type.isEmpty())
        return item.type;
    if (item.value.isObject()) {
        const QString resourceType = item.value.toObject().value(u"resourceType"_s).toString();
        if (!resourceType.isEmpty())
            return resourceType;
    }
    if (item.value.isBool())
        return u"boolean"_s;
    return {};
}

bool isPrimitive(const Item &item)
{
    return !item.value.isObject() && !item.value.isArray() && !item.value.isNull() && !item.value.isUndefined();
}

void appendValue(Collection &out, const QJsonValue &value, const QString &type, const QJsonValue &extension)
{
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        const QJsonArray extensions = extension.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonValue ext = i < extensions.size() ? extensions.at(i) : QJsonValue();
            if (array.at(i).isNull() && !ext.isObject())
                continue;
            out.append(Item{array.at(i), type, ext});
        }
    } else if (!value.isUndefined() && !value.isNull()) {
        out.append(Item{value, type, extension});
    } else if (extension.isObject()) {
        out.append(Item{QJsonValue(), type, extension}); // a primitive with only extensions
    }
}

// The children named `name` of one item: a member, or every choice `name[Type]` present.
void member(Collection &out, const Item &item, const QString &name)
{
    if (isPrimitive(item) || item.value.isNull()) {
        // A primitive's id and extensions live in its `_name` companion.
        if ((name == u"extension"_s || name == u"id"_s) && item.extension.isObject())
            appendValue(out, item.extension.toObject().value(name), name == u"id"_s ? u"string"_s : u"Extension"_s, {});
        return;
    }
    if (!item.value.isObject())
        return;
    const QJsonObject object = item.value.toObject();
    const auto it = object.constFind(name);
    const auto ext = object.constFind(u'_' + name);
    if (it != object.constEnd() || ext != object.constEnd()) {
        QString type;
        if (name == u"extension"_s || name == u"modifierExtension"_s)
            type = u"Extension"_s;
        appendValue(out, it != object.constEnd() ? it.value() : QJsonValue(), type,
                    ext != object.constEnd() ? ext.value() : QJsonValue());
        return;
    }
    for (auto k = object.constBegin(); k != object.constEnd(); ++k) {
        const QString key = k.key();
        if (key.size() > name.size() && key.startsWith(name) && key.at(name.size()).isUpper()) {
            const QString type = ChoiceTypes::typeForSuffix(key.mid(name.size()));
            if (!type.isEmpty())
                appendValue(out, k.value(), type, object.value(u'_' + key));
        }
    }
}

void childrenOf(Collection &out, const Item &item)
{
    // A primitive's children are its id and extensions, held in the `_name` companion.
    const QJsonObject object = item.value.isObject() ? item.value.toObject() : item.extension.toObject();
    for (auto k = object.constBegin(); k != object.constEnd(); ++k) {
        if (k.key().startsWith(u'_') || k.key() == u"resourceType"_s)
            continue;
        QString type;
        for (auto s = ChoiceTypes::bySuffix().constBegin(); s != ChoiceTypes::bySuffix().constEnd(); ++s) {
            if (k.key().endsWith(s.key()) && k.key().size() > s.key().size()) {
                type = s.value();
                break;
            }
        }
        appendValue(out, k.value(), type, object.value(u'_' + k.key()));
    }
}

bool jsonEqual(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    return a == b;
}

std::optional<bool> singletonBoolean(const Collection &c)
{
    if (c.isEmpty())
        return std::nullopt;
    if (c.size() == 1 && c.first().value.isBool())
        return c.first().value.toBool();
    // A non-boolean value or several values count as true (singleton evaluation, as the
    // reference implementation does).
    return true;
}

Collection boolean(bool value)
{
    return {Item{value, u"boolean"_s, {}}};
}

const Item *singleton(const Collection &c, const char *what)
{
    if (c.isEmpty())
        return nullptr;
    if (c.size() > 1)
        undecided(u"%1 expects one value, got %2"_s.arg(QLatin1String(what)).arg(c.size()));
    return &c.first();
}

QString stringOf(const Item &item)
{
    if (item.value.isString())
        return item.value.toString();
    if (item.value.isBool())
        return item.value.toBool() ? u"true"_s : u"false"_s;
    if (item.value.isDouble()) {
        const double d = item.value.toDouble();
        if (d == std::floor(d) && std::abs(d) < 1e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    undecided(u"cannot turn a %1 into a string"_s.arg(typeOf(item).isEmpty() ? u"complex value"_s : typeOf(item)));
}

bool isDateType(const QString &type)
{
    return type == u"date"_s || type == u"dateTime"_s || type == u"instant"_s || type == u"time"_s;
}

// The FHIR type name without its namespace, lower-cased first letter for System primitives.
QString normalizedTypeName(QString name)
{
    if (name.startsWith(u"FHIR."_s))
        name = name.mid(5);
    else if (name.startsWith(u"System."_s))
        name = name.mid(7);
    return name;
}

bool typeMatches(const Item &item, const QString &wanted)
{
    const QString name = normalizedTypeName(wanted);
    const QString type = typeOf(item);
    static const QSet<QString> systemPrimitives{u"Boolean"_s, u"String"_s, u"Integer"_s, u"Decimal"_s,
                                                u"Date"_s, u"DateTime"_s, u"Time"_s};
    const bool primitiveName = name.at(0).isLower() || systemPrimitives.contains(name);
    // A JSON string, number or boolean is never a complex type, and an object never a primitive.
    if (type.isEmpty() && isPrimitive(item) && !primitiveName)
        return false;
    if (type.isEmpty() && item.value.isObject() && primitiveName)
        return false;
    if (type.isEmpty()) {
        if (item.value.isDouble() && (name == u"decimal"_s || name == u"Decimal"_s))
            return true;
        if (item.value.isDouble() && (name.compare(u"integer"_s, Qt::CaseInsensitive) == 0))
            return item.value.toDouble() == std::floor(item.value.toDouble());
        undecided(u"the type of a value is not known (is/as %1)"_s.arg(name));
    }
    if (type == name)
        return true;
    // System.DateTime and FHIR.dateTime name the same kind of value for these checks.
    if (type.compare(name, Qt::CaseInsensitive) == 0 && type.at(0).isLower())
        return true;
    if (item.value.isObject() && item.value.toObject().contains(u"resourceType"_s)
        && (name == u"Resource"_s || name == u"DomainResource"_s))
        return true;
    static const QSet<QString> quantities{u"Age"_s, u"Count"_s, u"Distance"_s, u"Duration"_s, u"MoneyQuantity"_s,
                                          u"SimpleQuantity"_s};
    return name == u"Quantity"_s && quantities.contains(type);
}

// -1, 0, 1, or nullopt when the two cannot be ordered (date/times of different precision).
std::optional<int> compare(const Item &a, const Item &b)
{
    if (a.value.isDouble() && b.value.isDouble()) {
        const double x = a.value.toDouble();
        const double y = b.value.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.value.isString() && b.value.isString()) {
        const QString x = a.value.toString();
        const QString y = b.value.toString();
        if (isDateType(a.type) || isDateType(b.type)) {
            // Same precision: the ISO form orders like the values; else only a difference in
            // the common prefix decides.
            if (x.size() != y.size()) {
                const qsizetype common = qMin(x.size(), y.size());
                const int c = QStringView(x).left(common).compare(QStringView(y).left(common));
                if (c == 0 || x.contains(u'T') != y.contains(u'T'))
                    return std::nullopt;
                return c < 0 ? -1 : 1;
            }
        }
        const int c = x.compare(y);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    // Quantities compare by value when they are in the same unit.
    if (a.value.isObject() && b.value.isObject()) {
        const QJsonObject x = a.value.toObject();
        const QJsonObject y = b.value.toObject();
        const bool sameUnit = x.value(u"system"_s) == y.value(u"system"_s) && x.value(u"code"_s) == y.value(u"code"_s)
                              && (x.contains(u"code"_s) || x.value(u"unit"_s) == y.value(u"unit"_s));
        if (sameUnit && x.value(u"value"_s).isDouble() && y.value(u"value"_s).isDouble()
            && !x.contains(u"comparator"_s) && !y.contains(u"comparator"_s))
            return compare(Item{x.value(u"value"_s), u"decimal"_s, {}}, Item{y.value(u"value"_s), u"decimal"_s, {}});
    }
    undecided(u"cannot compare these values"_s);
}

bool equal(const Item &a, const Item &b)
{
    if (a.value.isString() && b.value.isString() && (isDateType(a.type) || isDateType(b.type))
        && a.value.toString().size() != b.value.toString().size())
        undecided(u"date/times of different precision"_s);
    return jsonEqual(a.value, b.value);
}

bool equivalent(const Item &a, const Item &b)
{
    if (a.value.isString() && b.value.isString())
        return a.value.toString().simplified().compare(b.value.toString().simplified(), Qt::CaseInsensitive) == 0;
    return jsonEqual(a.value, b.value);
}

bool contains(const Collection &c, const Item &item)
{
    for (const Item &i : c)
        if (equal(i, item))
            return true;
    return false;
}

Collection distinct(const Collection &c)
{
    Collection out;
    for (const Item &item : c)
        if (!contains(out, item))
            out.append(item);
    return out;
}

// ---------------------------------------------------------------- evaluation

class Evaluation
{
public:
    Evaluation(const Item &context, const FhirPathEvaluator::Environment &environment)
        : m_context(context), m_environment(environment)
    {
    }

    Collection eval(const Node &node, const Collection &focus, const Item *self, qsizetype index)
    {
        switch (node.kind) {
        case Node::Kind::Literal:
            return {node.literal};
        case Node::Kind::Empty:
            return {};
        case Node::Kind::This:
            return self ? Collection{*self} : focus;
        case Node::Kind::Index:
            return {Item{double(index), u"integer"_s, {}}};
        case Node::Kind::Constant:
            return constant(node.name);
        case Node::Kind::Member: {
            const Collection input = node.focus ? eval(*node.focus, focus, self, index) : thisOrFocus(focus, self);
            Collection out;
            for (const Item &item : input) {
                // A leading type name selects the context when it is of that type.
                if (!node.focus && node.name.at(0).isUpper()) {
                    if (typeOf(item) == node.name || (item.value.isObject() && item.value.toObject().contains(u"resourceType"_s)
                                                      && (node.name == u"Resource"_s || node.name == u"DomainResource"_s))) {
                        out.append(item);
                        continue;
                    }
                    if (item.value.isObject() && item.value.toObject().contains(u"resourceType"_s))
                        continue; // another resource type: nothing
                }
                member(out, item, node.name);
            }
            return out;
        }
        case Node::Kind::Function: {
            const Collection input = node.focus ? eval(*node.focus, focus, self, index) : thisOrFocus(focus, self);
            return function(node, input, focus, self, index);
        }
        case Node::Kind::Indexer: {
            const Collection input = eval(*node.focus, focus, self, index);
            const Item *at = singleton(eval(*node.args.at(0), focus, self, index), "an index");
            if (!at)
                return {};
            const qsizetype i = qsizetype(at->value.toDouble());
            return i >= 0 && i < input.size() ? Collection{input.at(i)} : Collection{};
        }
        case Node::Kind::Unary: {
            Collection value = eval(*node.args.at(0), focus, self, index);
            if (node.name == u"-"_s)
                for (Item &item : value)
                    item.value = -item.value.toDouble();
            return value;
        }
        case Node::Kind::TypeOp: {
            const Collection input = eval(*node.args.at(0), focus, self, index);
            if (node.literal.type == u"is"_s) {
                const Item *item = singleton(input, "is");
                return item ? boolean(typeMatches(*item, node.name)) : Collection{};
            }
            Collection out;
            for (const Item &item : input)
                if (typeMatches(item, node.name))
                    out.append(item);
            return out;
        }
        case Node::Kind::Binary:
            return binary(node, focus, self, index);
        }
        return {};
    }

private:
    static Collection thisOrFocus(const Collection &focus, const Item *self)
    {
        return self ? Collection{*self} : focus;
    }

    Collection constant(const QString &name)
    {
        if (name == u"resource"_s)
            return {m_environment.resource};
        if (name == u"rootResource"_s)
            return {m_environment.rootResource};
        if (name == u"context"_s)
            return {m_context};
        if (name == u"ucum"_s)
            return {Item{u"http://unitsofmeasure.org"_s, u"string"_s, {}}};
        if (name == u"sct"_s)
            return {Item{u"http://snomed.info/sct"_s, u"string"_s, {}}};
        if (name == u"loinc"_s)
            return {Item{u"http://loinc.org"_s, u"string"_s, {}}};
        undecided(u"%%1 is not known"_s.arg(name));
    }

    Collection binary(const Node &node, const Collection &focus, const Item *self, qsizetype index)
    {
        const QString &op = node.name;
        auto left = [&] { return eval(*node.args.at(0), focus, self, index); };
        auto right = [&] { return eval(*node.args.at(1), focus, self, index); };
        if (op == u"and"_s) {
            const auto a = singletonBoolean(left());
            if (a == false)
                return boolean(false);
            const auto b = singletonBoolean(right());
            if (b == false)
                return boolean(false);
            if (a && b)
                return boolean(true);
            return {};
        }
        if (op == u"or"_s) {
            const auto a = singletonBoolean(left());
            if (a == true)
                return boolean(true);
            const auto b = singletonBoolean(right());
            if (b == true)
                return boolean(true);
            if (a && b)
                return boolean(false);
            return {};
        }
        if (op == u"xor"_s) {
            const auto a = singletonBoolean(left());
            const auto b = singletonBoolean(right());
            if (!a || !b)
                return {};
            return boolean(*a != *b);
        }
        if (op == u"implies"_s) {
            const auto a = singletonBoolean(left());
            if (a == false)
                return boolean(true);
            const auto b = singletonBoolean(right());
            if (b == true)
                return boolean(true);
            if (a == true && b == false)
                return boolean(false);
            return {};
        }
        const Collection a = left();
        const Collection b = right();
        if (op == u"|"_s)
            return distinct(a + b);
        if (op == u"="_s || op == u"!="_s) {
            if (a.isEmpty() || b.isEmpty())
                return {};
            bool same = a.size() == b.size();
            for (qsizetype i = 0; same && i < a.size(); ++i)
                same = equal(a.at(i), b.at(i));
            return boolean(op == u"="_s ? same : !same);
        }
        if (op == u"~"_s || op == u"!~"_s) {
            bool same = a.size() == b.size();
            for (qsizetype i = 0; same && i < a.size(); ++i)
                same = equivalent(a.at(i), b.at(i));
            return boolean(op == u"~"_s ? same : !same);
        }
        if (op == u"in"_s || op == u"contains"_s) {
            const Collection &needle = op == u"in"_s ? a : b;
            const Collection &haystack = op == u"in"_s ? b : a;
            const Item *item = singleton(needle, "in/contains");
            return item ? boolean(contains(haystack, *item)) : Collection{};
        }
        if (op == u"&"_s) {
            const Item *x = singleton(a, "&");
            const Item *y = singleton(b, "&");
            return {Item{QString((x ? stringOf(*x) : QString()) + (y ? stringOf(*y) : QString())), u"string"_s, {}}};
        }
        const Item *x = singleton(a, "an operator");
        const Item *y = singleton(b, "an operator");
        if (!x || !y)
            return {};
        if (op == u"<"_s || op == u">"_s || op == u"<="_s || op == u">="_s) {
            const auto c = compare(*x, *y);
            if (!c)
                return {};
            if (op == u"<"_s)
                return boolean(*c < 0);
            if (op == u">"_s)
                return boolean(*c > 0);
            if (op == u"<="_s)
                return boolean(*c <= 0);
            return boolean(*c >= 0);
        }
        if (op == u"+"_s && x->value.isString() && y->value.isString())
            return {Item{QString(x->value.toString() + y->value.toString()), u"string"_s, {}}};
        if (!x->value.isDouble() || !y->value.isDouble())
            undecided(u"arithmetic on values that are not numbers"_s);
        const double p = x->value.toDouble();
        const double q = y->value.toDouble();
        const bool integers = x->type != u"decimal"_s && y->type != u"decimal"_s;
        const QString type = integers ? u"integer"_s : u"decimal"_s;
        if (op == u"+"_s)
            return {Item{p + q, type, {}}};
        if (op == u"-"_s)
            return {Item{p - q, type, {}}};
        if (op == u"*"_s)
            return {Item{p * q, type, {}}};
        if (q == 0)
            return {};
        if (op == u"/"_s)
            return {Item{p / q, u"decimal"_s, {}}};
        if (op == u"div"_s)
            return {Item{std::trunc(p / q), u"integer"_s, {}}};
        if (op == u"mod"_s)
            return {Item{std::fmod(p, q), type, {}}};
        undecided(u"operator %1"_s.arg(op));
    }

    // Evaluates a criteria argument with each input item as $this.
    Collection each(const Node &criteria, const Item &item, qsizetype i)
    {
        return eval(criteria, Collection{item}, &item, i);
    }

    Collection argument(const Node &node, int i, const Collection &focus, const Item *self, qsizetype index)
    {
        if (i >= node.args.size())
            undecided(u"%1() needs more arguments"_s.arg(node.name));
        return eval(*node.args.at(i), focus, self, index);
    }

    QString stringArgument(const Node &node, int i, const Collection &focus, const Item *self, qsizetype index)
    {
        const Item *item = singleton(argument(node, i, focus, self, index), "a string argument");
        if (!item)
            undecided(u"%1() got no argument value"_s.arg(node.name));
        return stringOf(*item);
    }

    Collection function(const Node &node, const Collection &input, const Collection &focus, const Item *self,
                        qsizetype index)
    {
        const QString &f = node.name;
        if (f == u"empty"_s)
            return boolean(input.isEmpty());
        if (f == u"exists"_s) {
            if (node.args.isEmpty())
                return boolean(!input.isEmpty());
            for (qsizetype i = 0; i < input.size(); ++i)
                if (singletonBoolean(each(*node.args.first(), input.at(i), i)) == true)
                    return boolean(true);
            return boolean(false);
        }
        if (f == u"not"_s) {
            const auto value = singletonBoolean(input);
            return value ? boolean(!*value) : Collection{};
        }
        if (f == u"count"_s)
            return {Item{double(input.size()), u"integer"_s, {}}};
        if (f == u"where"_s) {
            Collection out;
            for (qsizetype i = 0; i < input.size(); ++i)
                if (singletonBoolean(each(*node.args.value(0), input.at(i), i)) == true)
                    out.append(input.at(i));
            return out;
        }
        if (f == u"select"_s) {
            Collection out;
            for (qsizetype i = 0; i < input.size(); ++i)
                out += each(*node.args.value(0), input.at(i), i);
            return out;
        }
        if (f == u"repeat"_s) {
            Collection out;
            Collection level = input;
            for (int depth = 0; !level.isEmpty() && depth < 64; ++depth) {
                Collection next;
                for (qsizetype i = 0; i < level.size(); ++i)
                    for (const Item &item : each(*node.args.value(0), level.at(i), i))
                        if (!contains(out, item)) {
                            out.append(item);
                            next.append(item);
                        }
                level = next;
            }
            return out;
        }
        if (f == u"all"_s) {
            for (qsizetype i = 0; i < input.size(); ++i)
                if (singletonBoolean(each(*node.args.value(0), input.at(i), i)) != true)
                    return boolean(false);
            return boolean(true);
        }
        if (f == u"allTrue"_s || f == u"anyTrue"_s || f == u"allFalse"_s || f == u"anyFalse"_s) {
            const bool wanted = f.endsWith(u"True"_s);
            const bool all = f.startsWith(u"all"_s);
            for (const Item &item : input) {
                const bool match = item.value.isBool() && item.value.toBool() == wanted;
                if (all && !match)
                    return boolean(false);
                if (!all && match)
                    return boolean(true);
            }
            return boolean(all);
        }
        if (f == u"first"_s)
            return input.mid(0, 1);
        if (f == u"last"_s)
            return input.isEmpty() ? Collection{} : Collection{input.last()};
        if (f == u"tail"_s)
            return input.mid(1);
        if (f == u"skip"_s || f == u"take"_s) {
            const Item *n = singleton(argument(node, 0, focus, self, index), "a count");
            const qsizetype count = n ? qsizetype(n->value.toDouble()) : 0;
            return f == u"skip"_s ? input.mid(qMax<qsizetype>(count, 0)) : input.mid(0, qMax<qsizetype>(count, 0));
        }
        if (f == u"single"_s) {
            const Item *item = singleton(input, "single()");
            return item ? Collection{*item} : Collection{};
        }
        if (f == u"distinct"_s)
            return distinct(input);
        if (f == u"isDistinct"_s)
            return boolean(distinct(input).size() == input.size());
        if (f == u"union"_s)
            return distinct(input + argument(node, 0, focus, self, index));
        if (f == u"combine"_s)
            return input + argument(node, 0, focus, self, index);
        if (f == u"intersect"_s || f == u"exclude"_s) {
            const Collection other = argument(node, 0, focus, self, index);
            Collection out;
            for (const Item &item : input)
                if (contains(other, item) == (f == u"intersect"_s) && (f == u"exclude"_s || !contains(out, item)))
                    out.append(item);
            return out;
        }
        if (f == u"subsetOf"_s || f == u"supersetOf"_s) {
            const Collection other = argument(node, 0, focus, self, index);
            const Collection &small = f == u"subsetOf"_s ? input : other;
            const Collection &large = f == u"subsetOf"_s ? other : input;
            for (const Item &item : small)
                if (!contains(large, item))
                    return boolean(false);
            return boolean(true);
        }
        if (f == u"hasValue"_s)
            return boolean(input.size() == 1 && isPrimitive(input.first()));
        if (f == u"children"_s || f == u"descendants"_s) {
            Collection out;
            Collection level = input;
            while (!level.isEmpty()) {
                Collection next;
                for (const Item &item : level)
                    childrenOf(next, item);
                out += next;
                if (f == u"children"_s)
                    break;
                level = next;
            }
            return out;
        }
        if (f == u"ofType"_s || f == u"as"_s) {
            Collection out;
            for (const Item &item : input)
                if (typeMatches(item, node.args.first()->name))
                    out.append(item);
            return out;
        }
        if (f == u"is"_s) {
            const Item *item = singleton(input, "is()");
            return item ? boolean(typeMatches(*item, node.args.first()->name)) : Collection{};
        }
        if (f == u"iif"_s) {
            const auto condition = singletonBoolean(eval(*node.args.value(0), input, self, index));
            if (condition == true)
                return argument(node, 1, focus, self, index);
            return node.args.size() > 2 ? argument(node, 2, focus, self, index) : Collection{};
        }
        if (f == u"trace"_s)
            return input;
        if (f == u"extension"_s) {
            const QString url = stringArgument(node, 0, focus, self, index);
            Collection extensions;
            for (const Item &item : input)
                member(extensions, item, u"extension"_s);
            Collection out;
            for (const Item &extension : extensions)
                if (extension.value.toObject().value(u"url"_s).toString() == url)
                    out.append(extension);
            return out;
        }
        if (f == u"resolve"_s) {
            Collection out;
            for (const Item &item : input) {
                QString reference = item.value.isString() ? item.value.toString()
                                                          : item.value.toObject().value(u"reference"_s).toString();
                if (reference.isEmpty())
                    continue;
                if (!m_environment.resolve)
                    undecided(u"references cannot be resolved here"_s);
                const auto target = m_environment.resolve(reference);
                if (!target)
                    undecided(u"cannot resolve %1"_s.arg(reference));
                out.append(Item{*target, target->value(u"resourceType"_s).toString(), {}});
            }
            return out;
        }
        if (f == u"memberOf"_s) {
            const QString url = stringArgument(node, 0, focus, self, index);
            const Item *item = singleton(input, "memberOf()");
            if (!item)
                return {};
            if (!m_environment.memberOf)
                undecided(u"value sets cannot be expanded here"_s);
            const auto member = m_environment.memberOf(*item, url);
            if (!member)
                undecided(u"value set %1 cannot be expanded here"_s.arg(url));
            return boolean(*member);
        }

        // String functions work on one string value.
        const Item *item = singleton(input, "a string function");
        if (f == u"toString"_s)
            return item ? Collection{Item{stringOf(*item), u"string"_s, {}}} : Collection{};
        if (f == u"toInteger"_s || f == u"toDecimal"_s) {
            if (!item)
                return {};
            if (item->value.isDouble())
                return {Item{item->value.toDouble(), f == u"toInteger"_s ? u"integer"_s : u"decimal"_s, {}}};
            if (item->value.isBool())
                return {Item{item->value.toBool() ? 1.0 : 0.0, u"integer"_s, {}}};
            bool ok = false;
            const QString text = item->value.toString();
            const double value = f == u"toInteger"_s ? double(text.toLongLong(&ok)) : text.toDouble(&ok);
            return ok ? Collection{Item{value, f == u"toInteger"_s ? u"integer"_s : u"decimal"_s, {}}} : Collection{};
        }
        if (!item)
            return {};
        const QString text = stringOf(*item);
        if (f == u"length"_s)
            return {Item{double(text.size()), u"integer"_s, {}}};
        if (f == u"lower"_s)
            return {Item{text.toLower(), u"string"_s, {}}};
        if (f == u"upper"_s)
            return {Item{text.toUpper(), u"string"_s, {}}};
        if (f == u"startsWith"_s)
            return boolean(text.startsWith(stringArgument(node, 0, focus, self, index)));
        if (f == u"endsWith"_s)
            return boolean(text.endsWith(stringArgument(node, 0, focus, self, index)));
        if (f == u"contains"_s)
            return boolean(text.contains(stringArgument(node, 0, focus, self, index)));
        if (f == u"indexOf"_s)
            return {Item{double(text.indexOf(stringArgument(node, 0, focus, self, index))), u"integer"_s, {}}};
        if (f == u"replace"_s)
            return {Item{QString(text).replace(stringArgument(node, 0, focus, self, index),
                                               stringArgument(node, 1, focus, self, index)),
                         u"string"_s, {}}};
        if (f == u"substring"_s) {
            const Item *start = singleton(argument(node, 0, focus, self, index), "substring start");
            if (!start)
                return {};
            const qsizetype from = qsizetype(start->value.toDouble());
            if (from < 0 || from >= text.size())
                return {};
            if (node.args.size() < 2)
                return {Item{text.mid(from), u"string"_s, {}}};
            const Item *length = singleton(argument(node, 1, focus, self, index), "substring length");
            return {Item{text.mid(from, length ? qsizetype(length->value.toDouble()) : -1), u"string"_s, {}}};
        }
        if (f == u"matches"_s || f == u"replaceMatches"_s) {
            const QString pattern = stringArgument(node, 0, focus, self, index);
            const QRegularExpression re(pattern, QRegularExpression::DotMatchesEverythingOption);
            if (!re.isValid())
                undecided(u"regular expression %1: %2"_s.arg(pattern, re.errorString()));
            if (f == u"matches"_s)
                return boolean(re.match(text).hasMatch());
            return {Item{QString(text).replace(re, stringArgument(node, 1, focus, self, index)), u"string"_s, {}}};
        }
        undecided(u"function %1()"_s.arg(f));
    }

    Item m_context;
    const FhirPathEvaluator::Environment &m_environment;
};

} // namespace

bool FhirPathEvaluator::isSupportedFunction(const QString &name)
{
    return supportedFunctions().contains(name);
}

Expected<FhirPathEvaluator, QString> FhirPathEvaluator::compile(const QString &expression)
{
    auto tokens = tokenize(expression);
    if (!tokens)
        return tokens.error();
    auto root = Parser(std::move(*tokens)).run();
    if (!root)
        return root.error();
    FhirPathEvaluator evaluator;
    evaluator.m_expression = expression;
    evaluator.m_root = std::move(*root);
    return evaluator;
}

Expected<FhirPathEvaluator::Collection, QString> FhirPathEvaluator::evaluate(const Item &context,
                                                                             const Environment &environment) const
{
    try {
        Evaluation evaluation(context, environment);
        return evaluation.eval(*m_root, Collection{context}, nullptr, 0);
    } catch (const Undecided &u) {
        return u.reason;
    }
}

Expected<bool, QString> FhirPathEvaluator::evaluateInvariant(const Item &context, const Environment &environment) const
{
    const auto result = evaluate(context, environment);
    if (!result)
        return result.error();
    // FHIRPath's logic has three values: an empty result means "unknown" (e.g. ref-1 on a
    // reference that has only a display), so it is reported as undecided, never as a verdict.
    const auto verdict = singletonBoolean(*result);
    if (!verdict)
        return QString(u"the expression gives no result for this instance"_s);
    return *verdict;
}

} // namespace paw::fhir
