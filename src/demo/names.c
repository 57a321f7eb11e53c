/* SPDX-License-Identifier: MIT */
/* Word lists of the demo organization and the builders that combine them. The names are common
 * given names and surnames of the countries the demo sells in; companies are invented from
 * them; phone numbers use ranges set aside for fiction where a country has one. */
#include "demo/names.h"

#include "core/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One macro per country keeps each city on one line. */
#define US(city, region, postal, phone)                                                            \
    {                                                                                              \
        city, region, "United States", postal, phone, "com", {"Inc.", "LLC", "Corp."}, 0           \
    }
#define UK(city, postal, phone)                                                                    \
    {                                                                                              \
        city, "England", "United Kingdom", postal, phone, "co.uk", {"Ltd", "Ltd", "plc"}, 0        \
    }
#define DE(city, region, postal, phone)                                                            \
    {                                                                                              \
        city, region, "Germany", postal, phone, "de", {"GmbH", "AG", "GmbH & Co. KG"}, 1           \
    }
#define FR(city, region, postal, phone)                                                            \
    {                                                                                              \
        city, region, "France", postal, phone, "fr", {"SA", "SAS", "SARL"}, 2                      \
    }
#define NL(city, region, postal, phone)                                                            \
    {                                                                                              \
        city, region, "Netherlands", postal, phone, "nl", {"B.V.", "B.V.", "N.V."}, 1              \
    }

static const struct place places[] = {
    US("San Francisco", "CA", "941##", "+1 415 555 ####"),
    US("Chicago", "IL", "606##", "+1 312 555 ####"),
    US("Austin", "TX", "787##", "+1 512 555 ####"),
    US("Boston", "MA", "021##", "+1 617 555 ####"),
    US("Seattle", "WA", "981##", "+1 206 555 ####"),
    US("Denver", "CO", "802##", "+1 303 555 ####"),
    US("Atlanta", "GA", "303##", "+1 404 555 ####"),
    US("New York", "NY", "100##", "+1 212 555 ####"),
    UK("London", "EC#A #AA", "+44 20 7946 0###"),
    UK("Manchester", "M# #AA", "+44 161 496 0###"),
    UK("Leeds", "LS# #AA", "+44 113 496 0###"),
    DE("Berlin", "Berlin", "10###", "+49 30 ########"),
    DE("Munich", "Bavaria", "80###", "+49 89 ########"),
    DE("Hamburg", "Hamburg", "20###", "+49 40 ########"),
    FR("Paris", "Île-de-France", "750##", "+33 1 ## ## ## ##"),
    FR("Lyon", "Auvergne-Rhône-Alpes", "6900#", "+33 4 ## ## ## ##"),
    NL("Amsterdam", "North Holland", "10## AA", "+31 20 ### ####"),
    NL("Rotterdam", "South Holland", "30## AA", "+31 10 ### ####"),
};

static const char *const first_names[] = {
    "James",     "Mary",      "Robert",     "Patricia",  "John",        "Jennifer",  "Michael",
    "Linda",     "William",   "Elizabeth",  "David",     "Barbara",     "Richard",   "Susan",
    "Joseph",    "Jessica",   "Thomas",     "Sarah",     "Christopher", "Karen",     "Daniel",
    "Nancy",     "Matthew",   "Lisa",       "Anthony",   "Margaret",    "Mark",      "Sandra",
    "Steven",    "Ashley",    "Andrew",     "Emily",     "Joshua",      "Michelle",  "Kevin",
    "Amanda",    "Brian",     "Melissa",    "Timothy",   "Rebecca",     "Jason",     "Laura",
    "Ryan",      "Stephanie", "Jacob",      "Nicole",    "Nicholas",    "Katherine", "Jonathan",
    "Samantha",  "Benjamin",  "Rachel",     "Samuel",    "Victoria",    "Alexander", "Olivia",
    "Edward",    "Hannah",    "Oliver",     "Charlotte", "Harry",       "Amelia",    "George",
    "Sophie",    "Jack",      "Chloe",      "Lukas",     "Anna",        "Felix",     "Lena",
    "Jonas",     "Laura",     "Maximilian", "Julia",     "Leon",        "Marie",     "Paul",
    "Lea",       "Finn",      "Clara",      "Tobias",    "Katharina",   "Florian",   "Johanna",
    "Sebastian", "Franziska", "Louis",      "Camille",   "Hugo",        "Manon",     "Lucas",
    "Chloé",     "Théo",      "Léa",        "Antoine",   "Juliette",    "Mathieu",   "Élodie",
    "Daan",      "Emma",      "Sem",        "Tess",      "Lars",        "Sanne",     "Bram",
    "Femke",     "Ruben",     "Lotte",      "Priya",     "Arjun",       "Mei",       "Wei",
    "Yuki",      "Kenji",     "Fatima",     "Omar",      "Sofia",       "Mateo",     "Isabella",
    "Diego",     "Aisha",     "Kwame",      "Ingrid",    "Henrik",      "Nora",      "Elias",
};

static const char *const last_names[] = {
    "Smith",     "Johnson",   "Williams",   "Brown",     "Jones",        "Garcia",    "Miller",
    "Davis",     "Rodriguez", "Martinez",   "Hernandez", "Lopez",        "Wilson",    "Anderson",
    "Thomas",    "Taylor",    "Moore",      "Jackson",   "Martin",       "Lee",       "Thompson",
    "White",     "Harris",    "Clark",      "Lewis",     "Robinson",     "Walker",    "Young",
    "Allen",     "King",      "Wright",     "Scott",     "Green",        "Baker",     "Adams",
    "Nelson",    "Hill",      "Campbell",   "Mitchell",  "Roberts",      "Carter",    "Phillips",
    "Evans",     "Turner",    "Parker",     "Collins",   "Edwards",      "Stewart",   "Morris",
    "Murphy",    "Cook",      "Rogers",     "Morgan",    "Cooper",       "Peterson",  "Reed",
    "Bailey",    "Bell",      "Kelly",      "Howard",    "Ward",         "Cox",       "Richardson",
    "Wood",      "Watson",    "Brooks",     "Bennett",   "Gray",         "Hughes",    "Price",
    "Sanders",   "Patel",     "Shah",       "Khan",      "Chen",         "Wang",      "Nguyen",
    "Kim",       "Tanaka",    "Sato",       "Müller",    "Schmidt",      "Schneider", "Fischer",
    "Weber",     "Meyer",     "Wagner",     "Becker",    "Schulz",       "Hoffmann",  "Koch",
    "Richter",   "Klein",     "Wolf",       "Schröder",  "Neumann",      "Schwarz",   "Braun",
    "Hartmann",  "Lange",     "Krüger",     "Bernard",   "Dubois",       "Durand",    "Lefebvre",
    "Moreau",    "Laurent",   "Simon",      "Michel",    "Leroy",        "Roux",      "Fontaine",
    "Chevalier", "de Jong",   "Jansen",     "de Vries",  "van den Berg", "Bakker",    "Visser",
    "Smit",      "Meijer",    "de Boer",    "Mulder",    "Bos",          "Vos",       "Dekker",
    "Andersson", "Nilsson",   "Larsen",     "Hansen",    "Novak",        "Kowalski",  "Rossi",
    "Russo",     "Ferrari",   "Costa",      "Silva",     "Santos",       "Okafor",    "Mensah",
    "O'Brien",   "McCarthy",  "Fitzgerald", "Doyle",
};

static const char *const titles[] = {
    "CEO",
    "CFO",
    "CTO",
    "COO",
    "VP Sales",
    "VP Marketing",
    "Head of Procurement",
    "Purchasing Manager",
    "IT Director",
    "Operations Manager",
    "Finance Director",
    "Office Manager",
    "Project Manager",
    "Product Manager",
    "Head of IT",
    "Marketing Manager",
    "Sales Director",
    "Account Manager",
    "Engineering Manager",
    "Logistics Coordinator",
    "Buyer",
    "Controller",
    "HR Director",
    "Facilities Manager",
    "Managing Director",
    "Plant Manager",
    "Supply Chain Manager",
    "Customer Success Lead",
    "Data Analyst",
    "Systems Administrator",
};

struct industry {
    const char *name;
    const char *words[4];
};

static const struct industry industries[] = {
    {"Logistics", {"Logistics", "Freight", "Transport", "Shipping"}},
    {"Manufacturing", {"Manufacturing", "Industries", "Works", "Fabrication"}},
    {"Software", {"Software", "Systems", "Labs", "Digital"}},
    {"Healthcare", {"Health", "Medical", "Care", "Clinics"}},
    {"Financial Services", {"Capital", "Finance", "Partners", "Investments"}},
    {"Retail", {"Retail", "Stores", "Market", "Outfitters"}},
    {"Construction", {"Construction", "Builders", "Contractors", "Engineering"}},
    {"Energy", {"Energy", "Power", "Solar", "Utilities"}},
    {"Food & Beverage", {"Foods", "Bakeries", "Kitchens", "Beverages"}},
    {"Consulting", {"Consulting", "Advisors", "Group", "Associates"}},
    {"Education", {"Academy", "Learning", "Training", "Institute"}},
    {"Legal", {"Law", "Legal", "Chambers", "Attorneys"}},
    {"Real Estate", {"Properties", "Realty", "Estates", "Housing"}},
    {"Media", {"Media", "Studios", "Publishing", "Productions"}},
    {"Telecommunications", {"Networks", "Telecom", "Communications", "Connect"}},
    {"Hospitality", {"Hotels", "Hospitality", "Resorts", "Catering"}},
    {"Automotive", {"Motors", "Automotive", "Auto Parts", "Mobility"}},
    {"Agriculture", {"Farms", "Agri", "Harvest", "Growers"}},
};

static const char *const brand_heads[] = {
    "Blue",    "North",    "Silver", "Green",  "Red",     "Iron",     "Bright",  "Oak",
    "Pine",    "Summit",   "Harbor", "River",  "Stone",   "Eagle",    "Crystal", "Golden",
    "Maple",   "Cedar",    "Falcon", "Atlas",  "Nova",    "Apex",     "Vertex",  "Pioneer",
    "Horizon", "Keystone", "Beacon", "Cobalt", "Granite", "Sterling", "Lake",    "Sun",
    "West",    "East",     "Clear",  "Swift",  "True",    "High",     "Star",    "Fox",
};

static const char *const brand_tails[] = {
    "water", "star",  "field", "bridge", "line",  "gate",  "peak", "wood", "point", "view",
    "ridge", "stone", "light", "wave",   "crest", "haven", "port", "mark", "vale",  "spring",
};

static const char *const street_names[] = {
    "Oak",     "Maple",    "Cedar",   "Elm",    "Park",   "Lake",   "Hill",   "Church",   "Mill",
    "Station", "Market",   "Bridge",  "King",   "Queen",  "Garden", "River",  "Linden",   "Birken",
    "Rose",    "Victoria", "Harbour", "Castle", "Meadow", "Forest", "Spring", "Chestnut", "Willow",
};

static const char *const street_kinds[] = {"St", "Ave", "Road", "Street", "Lane", "Blvd"};

static const char *const webmail[] = {"gmail.com",  "outlook.com", "yahoo.com",
                                      "icloud.com", "gmx.de",      "orange.fr"};

static const char *const nicknames[][2] = {
    {"Robert", "Bob"},        {"William", "Bill"},    {"Elizabeth", "Liz"},   {"Katherine", "Kate"},
    {"Michael", "Mike"},      {"Jennifer", "Jen"},    {"Thomas", "Tom"},      {"James", "Jim"},
    {"Christopher", "Chris"}, {"Daniel", "Dan"},      {"Margaret", "Maggie"}, {"Alexander", "Alex"},
    {"Richard", "Rick"},      {"Joseph", "Joe"},      {"Susan", "Sue"},       {"Patricia", "Pat"},
    {"Anthony", "Tony"},      {"Matthew", "Matt"},    {"Samuel", "Sam"},      {"Benjamin", "Ben"},
    {"Nicholas", "Nick"},     {"Jonathan", "Jon"},    {"Stephanie", "Steph"}, {"Rebecca", "Becky"},
    {"Victoria", "Vicky"},    {"Andrew", "Andy"},     {"Edward", "Ed"},       {"Timothy", "Tim"},
    {"Katharina", "Kathi"},   {"Maximilian", "Max"},  {"Samantha", "Sam"},    {"Joshua", "Josh"},
    {"Franziska", "Franzi"},  {"Sebastian", "Basti"}, {"Johanna", "Hanna"},   {"Nicole", "Nikki"},
};

static const char *const products[] = {
    "Annual subscription", "Pilot",
    "Expansion",           "Renewal",
    "Enterprise license",  "Onboarding package",
    "Support contract",    "Hardware refresh",
    "Consulting hours",    "Platform upgrade",
    "Multi-site rollout",  "Training program",
};

static const char *const topics[] = {
    "the renewal",           "pricing",          "onboarding",          "the ERP integration",
    "next year's budget",    "the pilot scope",  "the security review", "contract terms",
    "the delivery schedule", "the support SLA",  "user training",       "the data migration",
    "volume discounts",      "the rollout plan", "reporting needs",
};

static const char *const details[] = {
    "They are comparing us with two other vendors.",
    "Budget is approved for next quarter.",
    "The CFO signs anything above the threshold, so we need her on the next call.",
    "They want a reference customer in their industry.",
    "Their current contract runs out at the end of the quarter.",
    "IT raised questions about single sign-on.",
    "They liked the demo but found the price high.",
    "Decision expected within two weeks.",
    "A new project lead started last month and is reviewing all suppliers.",
    "They asked for a phased rollout, starting with one site.",
    "Procurement needs three quotes before they can sign.",
    "Happy with the service so far; open to a larger order.",
    "Their team is short-staffed until the new hires start.",
    "Legal is reviewing our data processing terms.",
};

static const char *const next_steps[] = {
    "send the revised quote by Friday",
    "schedule a demo with their IT team",
    "call back next week",
    "share two customer references",
    "draft the order form",
    "set up a trial account",
    "invite their CFO to the next meeting",
    "send the security questionnaire answers",
    "confirm the rollout dates",
    "follow up after their board meeting",
};

static const char *const sources[] = {"Website",   "Trade show", "Referral", "Webinar",
                                      "Cold call", "Partner",    "LinkedIn"};

static const char *const junk_subjects[] = {"Call",       "call", "Follow up", "Email",
                                            "Touch base", "Note", "fu",        "x"};

/* ---- sets ---------------------------------------------------------------------------------- */

static uint64_t hash_ci(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++) {
        h ^= (unsigned char)tolower((unsigned char)*s);
        h *= 1099511628211ULL;
    }
    return h;
}

static void set_insert(char **slots, size_t cap, char *s)
{
    size_t i = hash_ci(s) & (cap - 1);

    while (slots[i])
        i = (i + 1) & (cap - 1);
    slots[i] = s;
}

int names_set_add(struct name_set *set, const char *s)
{
    if ((set->n + 1) * 2 > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        char **slots = xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < set->cap; i++)
            if (set->slots[i])
                set_insert(slots, cap, set->slots[i]);
        free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    for (size_t i = hash_ci(s) & (set->cap - 1); set->slots[i]; i = (i + 1) & (set->cap - 1))
        if (strcasecmp(set->slots[i], s) == 0)
            return 0;
    set_insert(set->slots, set->cap, xstrdup(s));
    set->n++;
    return 1;
}

void names_set_release(struct name_set *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slots[i]);
    free(set->slots);
    set->slots = NULL;
    set->cap = set->n = 0;
}

/* ---- people, places, organizations --------------------------------------------------------- */

const struct place *names_place(struct rng *r)
{
    return &places[rng_below(r, COUNT(places))];
}

void names_person(struct rng *r, struct person *p)
{
    p->first = RNG_PICK(r, first_names);
    p->last = RNG_PICK(r, last_names);
    p->title = RNG_PICK(r, titles);
}

void names_pattern(struct rng *r, struct buf *b, const char *pattern)
{
    for (const char *p = pattern; *p; p++) {
        if (*p == '#')
            buf_addc(b, (char)('0' + rng_below(r, 10)));
        else if (*p == 'A')
            buf_addc(b, (char)('A' + rng_below(r, 26)));
        else
            buf_addc(b, *p);
    }
}

void names_street(struct rng *r, struct buf *b, const struct place *pl)
{
    const char *name = RNG_PICK(r, street_names);
    int number = (int)rng_range(r, 1, 240);

    if (pl->street_style == 1)
        buf_addf(b, "%s%s %d", name, strcmp(pl->country, "Germany") == 0 ? "straße" : "straat",
                 number);
    else if (pl->street_style == 2)
        buf_addf(b, "%d rue %s", number, name);
    else
        buf_addf(b, "%d %s %s", number, name, RNG_PICK(r, street_kinds));
}

/* Appends the lower-case ASCII letters and digits of s for mail addresses and domains: the
 * accented letters of the lists become their usual ASCII spelling, other bytes are dropped, and
 * spaces or dashes become space (when it is not NUL). */
static void add_slug(struct buf *b, const char *s, char space)
{
    static const char *const accents[][2] = {
        {"\xc3\xbc", "ue"}, {"\xc3\x9c", "ue"}, {"\xc3\xb6", "oe"}, {"\xc3\x96", "oe"},
        {"\xc3\xa4", "ae"}, {"\xc3\x84", "ae"}, {"\xc3\xa9", "e"},  {"\xc3\x89", "e"},
        {"\xc3\xa8", "e"},  {"\xc3\xab", "e"},  {"\xc3\x9f", "ss"}, {"\xc3\xb4", "o"},
    };

    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x80) {
            if (isalnum(c))
                buf_addc(b, (char)tolower(c));
            else if (space && (c == ' ' || c == '-') && b->len && b->s[b->len - 1] != space)
                buf_addc(b, space);
            continue;
        }
        for (size_t i = 0; i < COUNT(accents); i++) {
            if (strncmp(p, accents[i][0], 2) == 0) {
                buf_adds(b, accents[i][1]);
                break;
            }
        }
        while (((unsigned char)p[1] & 0xc0) == 0x80)
            p++;
    }
    if (space && b->len && b->s[b->len - 1] == space)
        b->s[--b->len] = '\0';
}

void names_org(struct rng *r, struct arena *a, struct name_set *used, struct org_name *o)
{
    struct buf base = BUF_INIT, name = BUF_INIT, domain = BUF_INIT;

    for (int attempt = 0;; attempt++) {
        const struct industry *ind = &industries[rng_below(r, COUNT(industries))];
        const struct place *pl = names_place(r);
        unsigned style = (unsigned)rng_below(r, 10);

        buf_reset(&base);
        buf_reset(&name);
        buf_reset(&domain);
        if (style < 4) {
            buf_addf(&base, "%s %s", RNG_PICK(r, last_names), ind->words[rng_below(r, 4)]);
        } else if (style < 8) {
            buf_addf(&base, "%s%s %s", RNG_PICK(r, brand_heads), RNG_PICK(r, brand_tails),
                     ind->words[rng_below(r, 4)]);
        } else {
            const char *x = RNG_PICK(r, last_names), *y = RNG_PICK(r, last_names);
            if (strcmp(x, y) == 0)
                continue;
            buf_addf(&base, "%s & %s", x, y);
        }
        if (attempt > 20)
            buf_addf(&base, " %u", (unsigned)rng_range(r, 2, 99));
        add_slug(&domain, base.s, '-');
        buf_addf(&domain, ".%s", pl->tld);
        if (!names_set_add(used, base.s))
            continue;
        if (!names_set_add(used, domain.s))
            continue;
        if (rng_pct(r, 60))
            buf_addf(&name, "%s %s", base.s, pl->legal[rng_below(r, 3)]);
        else
            buf_adds(&name, base.s);
        o->name = arena_strdup(a, name.s);
        o->base = arena_strdup(a, base.s);
        o->domain = arena_strdup(a, domain.s);
        o->industry = ind->name;
        o->place = pl;
        break;
    }
    buf_release(&base);
    buf_release(&name);
    buf_release(&domain);
}

void names_email(struct rng *r, struct buf *b, const char *first, const char *last,
                 const char *domain)
{
    unsigned style = (unsigned)rng_below(r, 10);
    struct buf f = BUF_INIT, l = BUF_INIT;

    add_slug(&f, first, 0);
    add_slug(&l, last, 0);
    if (style < 6)
        buf_addf(b, "%s.%s@%s", f.s, l.s, domain);
    else if (style < 8)
        buf_addf(b, "%c.%s@%s", f.s[0], l.s, domain);
    else if (style < 9)
        buf_addf(b, "%s@%s", f.s, domain);
    else
        buf_addf(b, "%s%c@%s", f.s, l.s[0], domain);
    buf_release(&f);
    buf_release(&l);
}

void names_personal_email(struct rng *r, struct buf *b, const char *first, const char *last)
{
    struct buf f = BUF_INIT, l = BUF_INIT;

    add_slug(&f, first, 0);
    add_slug(&l, last, 0);
    if (rng_pct(r, 50))
        buf_addf(b, "%s.%s%d@%s", f.s, l.s, (int)rng_range(r, 1, 99), RNG_PICK(r, webmail));
    else
        buf_addf(b, "%s%s@%s", f.s, l.s, RNG_PICK(r, webmail));
    buf_release(&f);
    buf_release(&l);
}

const char *names_nickname(const char *first)
{
    for (size_t i = 0; i < COUNT(nicknames); i++)
        if (strcmp(nicknames[i][0], first) == 0)
            return nicknames[i][1];
    return NULL;
}

void names_typo(struct rng *r, struct buf *b, const char *s)
{
    size_t len = strlen(s), i;

    /* Only ASCII letters are touched, so a typo never splits a UTF-8 sequence. */
    for (int attempt = 0; attempt < 8 && len >= 4; attempt++) {
        i = 1 + (size_t)rng_below(r, len - 2);
        if (!isalpha((unsigned char)s[i]) || !isalpha((unsigned char)s[i + 1]) || s[i] == s[i + 1])
            continue;
        buf_add(b, s, i);
        if (rng_pct(r, 50)) {
            buf_addc(b, s[i + 1]);
            buf_addc(b, s[i]);
            buf_adds(b, s + i + 2);
        } else {
            buf_adds(b, s + i + 1);
        }
        return;
    }
    buf_adds(b, s);
    buf_addc(b, s[len ? len - 1 : 0] ? s[len - 1] : 'e');
}

void names_recase(struct buf *b, const char *s, int upper)
{
    for (const char *p = s; *p; p++)
        buf_addc(b, (char)(upper ? toupper((unsigned char)*p) : tolower((unsigned char)*p)));
}

/* ---- texts --------------------------------------------------------------------------------- */

void names_deal(struct rng *r, struct buf *b, const char *org_base)
{
    buf_addf(b, "%s – %s", org_base, RNG_PICK(r, products));
}

void names_task(struct rng *r, struct buf *b, const char *first, const char *org_base)
{
    switch (rng_below(r, 7)) {
    case 0:
        buf_addf(b, "Send proposal to %s", first);
        break;
    case 1:
        buf_addf(b, "Follow up with %s on %s", first, RNG_PICK(r, topics));
        break;
    case 2:
        buf_addf(b, "Prepare quote for %s", org_base);
        break;
    case 3:
        buf_addf(b, "Book a demo with %s", org_base);
        break;
    case 4:
        buf_addf(b, "Call %s back", first);
        break;
    case 5:
        buf_addf(b, "Update the contract draft for %s", org_base);
        break;
    default:
        buf_addf(b, "Check in with %s after the trial", first);
        break;
    }
}

const char *names_lead_source(struct rng *r)
{
    return RNG_PICK(r, sources);
}

const char *names_topic(struct rng *r)
{
    return RNG_PICK(r, topics);
}

void names_activity(struct rng *r, const char *kind, const char *first, const char *last,
                    const char *org_base, struct buf *subject, struct buf *body)
{
    const char *topic = RNG_PICK(r, topics);
    const char *detail = RNG_PICK(r, details);
    const char *next = RNG_PICK(r, next_steps);

    if (strcmp(kind, "call") == 0) {
        if (rng_pct(r, 50))
            buf_addf(subject, "Call with %s about %s", first, topic);
        else
            buf_addf(subject, "Follow-up call: %s", topic);
        buf_addf(body, "Spoke with %s %s about %s. %s Next step: %s.", first, last, topic, detail,
                 next);
    } else if (strcmp(kind, "meeting") == 0) {
        if (rng_pct(r, 50))
            buf_addf(subject, "Meeting at %s: %s", org_base, topic);
        else
            buf_addf(subject, "Demo for %s", org_base);
        buf_addf(body, "Met %s and two colleagues from %s to go through %s. %s Agreed to %s.",
                 first, org_base, topic, detail, next);
    } else if (strcmp(kind, "email") == 0) {
        buf_addf(subject, "Re: %s", topic);
        buf_addf(body, "Emailed %s a summary of %s and the open questions. %s We will %s.", first,
                 topic, detail, next);
    } else {
        buf_addf(subject, "Note on %s", org_base);
        buf_addf(body, "%s mentioned %s. %s To do: %s.", first, topic, detail, next);
    }
}

const char *names_terse_subject(struct rng *r, const char *kind)
{
    static const char *const terse[][2] = {
        {"call", "call"},   {"call", "called"},     {"meeting", "mtg"}, {"meeting", "meeting"},
        {"email", "email"}, {"email", "sent info"}, {"note", "note"},   {"note", "see above"},
    };
    size_t first = 0;

    while (first < COUNT(terse) && strcmp(terse[first][0], kind) != 0)
        first++;
    if (first == COUNT(terse))
        return "call";
    return terse[first + rng_below(r, 2)][1];
}

const char *names_junk_subject(struct rng *r)
{
    return RNG_PICK(r, junk_subjects);
}
