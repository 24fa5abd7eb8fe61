#include "sandbox/data/PeopleCatalog.h"

#include "sandbox/data/CodeSystems.h"
#include "sandbox/data/SandboxRandom.h"

namespace paw::sandbox {

namespace {

QStringList split(const char *words)
{
    return QString::fromLatin1(words).split(u' ', Qt::SkipEmptyParts);
}

} // namespace

const QStringList &PeopleCatalog::femaleGiven()
{
    static const QStringList names = split(
        "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Margaret "
        "Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Dorothy Rebecca Sharon Laura "
        "Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine Christine Helen Debra "
        "Rachel Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria Ruth Virginia Lauren Kelly "
        "Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha Madison Teresa Gloria Sara Janice "
        "Ann Kathryn Abigail Sophia Frances Jean Alice Judy Isabella Julia Grace Amber Denise Danielle Marilyn Beverly "
        "Charlotte Natalie Theresa Diana Brittany Doris Kayla Alexis Lori Marie Mei Linh Lucia Guadalupe Ximena");
    return names;
}

const QStringList &PeopleCatalog::maleGiven()
{
    static const QStringList names = split(
        "James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew Anthony Mark "
        "Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy Ronald Jason Edward Jeffrey Ryan Jacob "
        "Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank "
        "Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Zachary Douglas Peter Kyle Noah Ethan Jeremy "
        "Walter Christian Keith Roger Terry Austin Sean Gerald Carl Harold Dylan Arthur Lawrence Jordan Jesse Bryan "
        "Billy Bruce Gabriel Joe Logan Alan Juan Albert Willie Elijah Wayne Randy Vincent Mason Roy Ralph Bobby Russell "
        "Bradley Philip Eugene Wei Minh Luis Carlos Miguel Diego");
    return names;
}

const QStringList &PeopleCatalog::family()
{
    static const QStringList names = split(
        "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
        "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
        "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera "
        "Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart "
        "Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim "
        "Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo "
        "Sanders Patel Myers Long Ross Foster Jimenez Chen Wang Tran Le Pham Begay Yazzie Kealoha");
    return names;
}

const QStringList &PeopleCatalog::streets()
{
    static const QStringList names{
        QStringLiteral("Main Street"),     QStringLiteral("Oak Avenue"),      QStringLiteral("Maple Drive"),
        QStringLiteral("Cedar Lane"),      QStringLiteral("Pine Street"),     QStringLiteral("Elm Street"),
        QStringLiteral("Washington Avenue"), QStringLiteral("Lake Road"),     QStringLiteral("Hill Street"),
        QStringLiteral("Park Avenue"),     QStringLiteral("Sunset Boulevard"), QStringLiteral("River Road"),
        QStringLiteral("Church Street"),   QStringLiteral("Highland Avenue"), QStringLiteral("Spring Street"),
        QStringLiteral("Meadow Lane"),     QStringLiteral("Franklin Street"), QStringLiteral("Lincoln Avenue"),
        QStringLiteral("Jefferson Street"), QStringLiteral("Willow Way"),     QStringLiteral("Chestnut Street"),
        QStringLiteral("Walnut Street"),   QStringLiteral("Ridge Road"),      QStringLiteral("Valley View Drive"),
        QStringLiteral("Mill Street"),     QStringLiteral("Prospect Avenue"), QStringLiteral("Madison Avenue"),
        QStringLiteral("Forest Drive"),    QStringLiteral("Broad Street"),    QStringLiteral("Harbor Way"),
    };
    return names;
}

const QList<PeopleCatalog::City> &PeopleCatalog::cities()
{
    const auto city = [](const char *name, const char *state, const char *zip, const char *area) {
        return City{QString::fromLatin1(name), QString::fromLatin1(state), QString::fromLatin1(zip),
                    QString::fromLatin1(area)};
    };
    static const QList<City> list{
        city("Pittsburgh", "PA", "15222", "412"),   city("Philadelphia", "PA", "19103", "215"),
        city("Harrisburg", "PA", "17101", "717"),   city("Columbus", "OH", "43215", "614"),
        city("Cleveland", "OH", "44114", "216"),    city("Baltimore", "MD", "21201", "410"),
        city("Richmond", "VA", "23219", "804"),     city("Raleigh", "NC", "27601", "919"),
        city("Atlanta", "GA", "30303", "404"),      city("Nashville", "TN", "37203", "615"),
        city("Chicago", "IL", "60601", "312"),      city("Indianapolis", "IN", "46204", "317"),
        city("Detroit", "MI", "48226", "313"),      city("Milwaukee", "WI", "53202", "414"),
        city("Minneapolis", "MN", "55401", "612"),  city("St. Louis", "MO", "63101", "314"),
        city("Dallas", "TX", "75201", "214"),       city("Houston", "TX", "77002", "713"),
        city("San Antonio", "TX", "78205", "210"),  city("Denver", "CO", "80202", "303"),
        city("Phoenix", "AZ", "85004", "602"),      city("Albuquerque", "NM", "87102", "505"),
        city("Salt Lake City", "UT", "84101", "801"), city("Seattle", "WA", "98101", "206"),
        city("Portland", "OR", "97204", "503"),     city("Sacramento", "CA", "95814", "916"),
        city("San Diego", "CA", "92101", "619"),    city("Boston", "MA", "02108", "617"),
        city("Hartford", "CT", "06103", "860"),     city("Honolulu", "HI", "96813", "808"),
    };
    return list;
}

Address PeopleCatalog::addressIn(SandboxRandom &random, const City &city)
{
    return {QString::number(random.between(10, 9899)) + u' ' + random.pick(streets()), city.name, city.state, city.zip};
}

Address PeopleCatalog::address(SandboxRandom &random)
{
    return addressIn(random, random.pick(cities()));
}

QString PeopleCatalog::phone(SandboxRandom &random, const QString &state)
{
    QString area = QStringLiteral("412");
    for (const City &c : cities())
        if (c.state == state) {
            area = c.areaCode;
            break;
        }
    return area + QStringLiteral("-555-01") + QString::number(random.below(100)).rightJustified(2, u'0');
}

Code PeopleCatalog::race(SandboxRandom &random)
{
    const int roll = random.below(100);
    const auto omb = [](const char *code, const char *display) {
        return Code{CodeSystems::omb, QString::fromLatin1(code), QString::fromLatin1(display)};
    };
    if (roll < 62)
        return omb("2106-3", "White");
    if (roll < 75)
        return omb("2054-5", "Black or African American");
    if (roll < 82)
        return omb("2028-9", "Asian");
    if (roll < 84)
        return omb("1002-5", "American Indian or Alaska Native");
    if (roll < 85)
        return omb("2076-8", "Native Hawaiian or Other Pacific Islander");
    return omb("2106-3", "White");
}

Code PeopleCatalog::ethnicity(SandboxRandom &random)
{
    return random.chance(19) ? Code{CodeSystems::omb, QStringLiteral("2135-2"), QStringLiteral("Hispanic or Latino")}
                             : Code{CodeSystems::omb, QStringLiteral("2186-5"), QStringLiteral("Not Hispanic or Latino")};
}

QString PeopleCatalog::language(SandboxRandom &random, const Code &ethnicity)
{
    if (ethnicity.code == u"2135-2" && random.chance(45))
        return QStringLiteral("es");
    const int roll = random.below(100);
    return roll < 3 ? QStringLiteral("zh") : roll < 5 ? QStringLiteral("vi") : QStringLiteral("en-US");
}

} // namespace paw::sandbox
