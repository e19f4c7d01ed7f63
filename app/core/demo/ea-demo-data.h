/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

/* Name and language material for the demo district: the nationality mix of
 * recent years' arrivals in Baden-Württemberg, with names that fit. */

#include <glib.h>

typedef struct
{
  const char *code;       /* DESTATIS key */
  guint       weight;     /* share of arrivals, in percent */
  const char *family[16];
  const char *male[14];
  const char *female[14];
  /* Mother tongues to choose from, and a second language with its level. */
  const char *mother_tongues[4];
  const char *second_language;
  const char *second_level;
  /* Religions with weights, "code:weight". */
  const char *religions[6];
  gboolean    often_single_mothers;
  gboolean    often_january_first;
} EaDemoNationality;

static const EaDemoNationality demo_nationalities[] = {
  { "166", 30,
    { "Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko",
      "Oliinyk", "Lysenko", "Moroz", "Petrenko", "Savchenko", "Marchenko", "Rudenko" },
    { "Oleksandr", "Andrii", "Dmytro", "Serhii", "Mykola", "Volodymyr", "Ivan", "Yurii",
      "Taras", "Maksym", "Bohdan" },
    { "Olena", "Iryna", "Nataliia", "Tetiana", "Oksana", "Yuliia", "Kateryna", "Svitlana",
      "Anastasiia", "Mariia", "Viktoriia" },
    { "ukr", "ukr", "rus" }, "rus", "C1",
    { "christlich-orthodox:70", "christlich-katholisch:10", "ohne:10", "keine-angabe:10" },
    TRUE, FALSE },
  { "475", 17,
    { "Al-Hassan", "Al-Ahmad", "Haddad", "Khalil", "Al-Khatib", "Darwish", "Hamdan", "Al-Ali",
      "Mansour", "Othman", "Sabbagh", "Al-Masri", "Kurdi", "Ibrahim" },
    { "Mohammed", "Ahmad", "Omar", "Khaled", "Yusuf", "Mahmoud", "Hassan", "Ali", "Bilal",
      "Samer", "Rami", "Karim" },
    { "Fatima", "Rania", "Aya", "Lama", "Nour", "Hiba", "Amal", "Rasha", "Dima", "Yasmin",
      "Maryam", "Salma" },
    { "ara", "ara", "ara", "kmr" }, "eng", "A2",
    { "islam-sunnitisch:80", "christlich-orthodox:5", "jesidisch:5", "keine-angabe:10" },
    FALSE, FALSE },
  { "423", 14,
    { "Ahmadzai", "Hakimi", "Rahimi", "Karimi", "Sultani", "Noori", "Mohammadi", "Hashimi",
      "Azizi", "Habibi", "Safi", "Popal", "Stanekzai", "Amiri" },
    { "Farid", "Ahmad", "Mohammad", "Hamid", "Nasir", "Rahmatullah", "Jawad", "Sayed",
      "Mustafa", "Bashir", "Wahid" },
    { "Zahra", "Maryam", "Fatima", "Shabnam", "Parwana", "Nilofar", "Soraya", "Freshta", "Mina",
      "Laila", "Sakina" },
    { "prs", "prs", "pus" }, "eng", "A1",
    { "islam-sunnitisch:80", "islam-schiitisch:15", "keine-angabe:5" },
    FALSE, TRUE },
  { "163", 12,
    { "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan",
      "Doğan", "Kılıç", "Aslan", "Çetin", "Kurt" },
    { "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Murat", "Emre",
      "Serkan", "Deniz" },
    { "Ayşe", "Fatma", "Emine", "Zeynep", "Elif", "Gülşen", "Hatice", "Meryem", "Özlem", "Derya",
      "Esra" },
    { "tur", "tur", "kmr" }, "tur", "C1",
    { "islam-sunnitisch:60", "islam-alevitisch:20", "keine-angabe:20" },
    FALSE, FALSE },
  { "438", 6,
    { "Al-Jabouri", "Hussein", "Kareem", "Jasim", "Abbas", "Mahmoud", "Qasim", "Saleh",
      "Khudhur", "Murad", "Haji", "Al-Obaidi" },
    { "Haidar", "Mustafa", "Ali", "Ahmed", "Zaid", "Hussein", "Ammar", "Barzan", "Dilshad",
      "Saman" },
    { "Zainab", "Noor", "Sara", "Hawraa", "Shilan", "Nareen", "Layla", "Ruqaya", "Shaima" },
    { "ara", "ckb", "kmr" }, "ara", "B2",
    { "islam-schiitisch:35", "islam-sunnitisch:30", "jesidisch:20", "christlich-orthodox:5",
      "keine-angabe:10" },
    FALSE, FALSE },
  { "430", 3,
    { "Beridze", "Kapanadze", "Gelashvili", "Maisuradze", "Giorgadze", "Lomidze", "Tsiklauri",
      "Bolkvadze" },
    { "Giorgi", "Davit", "Levan", "Irakli", "Nika", "Zurab", "Luka" },
    { "Nino", "Tamar", "Mariam", "Ana", "Eka", "Natia", "Salome" },
    { "kat" }, "rus", "B2",
    { "christlich-orthodox:85", "keine-angabe:15" },
    FALSE, FALSE },
  { "439", 3,
    { "Hosseini", "Ahmadi", "Rezaei", "Moradi", "Jafari", "Sadeghi", "Tehrani", "Kazemi" },
    { "Reza", "Ali", "Mehdi", "Amir", "Hossein", "Saeed", "Arash", "Babak" },
    { "Maryam", "Zahra", "Fatemeh", "Sara", "Neda", "Shirin", "Leila", "Parisa" },
    { "fas" }, "eng", "B1",
    { "islam-schiitisch:50", "christlich-sonstige:20", "ohne:15", "keine-angabe:15" },
    FALSE, FALSE },
  { "232", 3,
    { "Okafor", "Adeyemi", "Okonkwo", "Eze", "Balogun", "Ogunleye", "Nwosu", "Abubakar",
      "Adebayo" },
    { "Chinedu", "Emeka", "Oluwaseun", "Ibrahim", "Tunde", "Samuel", "Daniel", "Musa" },
    { "Chioma", "Ngozi", "Blessing", "Aisha", "Funmilayo", "Grace", "Esther", "Amina" },
    { "yor", "ibo", "hau", "pcm" }, "eng", "C1",
    { "christlich-sonstige:50", "christlich-katholisch:20", "islam-sunnitisch:30" },
    FALSE, FALSE },
  { "224", 2,
    { "Tesfay", "Gebremedhin", "Haile", "Berhane", "Kidane", "Tekle", "Ghebreyesus", "Mehari",
      "Abraha" },
    { "Yonas", "Dawit", "Filmon", "Mussie", "Samuel", "Biniam", "Robel", "Henok" },
    { "Selam", "Helen", "Senait", "Luwam", "Rahel", "Semhar", "Feven", "Winta" },
    { "tir" }, "eng", "A2",
    { "christlich-orthodox:70", "islam-sunnitisch:20", "christlich-katholisch:10" },
    FALSE, FALSE },
  { "221", 2,
    { "Mohamed", "Abdi", "Hassan", "Farah", "Warsame", "Omar", "Ahmed", "Yusuf", "Jama" },
    { "Abdirahman", "Abdullahi", "Mohamed", "Ahmed", "Hassan", "Bashir", "Liban", "Mahad" },
    { "Hodan", "Fadumo", "Amina", "Sahra", "Ifrah", "Hawa", "Nasra", "Ubah" },
    { "som" }, "ara", "A2",
    { "islam-sunnitisch:95", "keine-angabe:5" },
    FALSE, TRUE },
  { "160", 2,
    { "Magomadov", "Dudaev", "Bashaev", "Khasanov", "Umarov", "Saidov", "Tsakaev" },
    { "Ramzan", "Adam", "Magomed", "Islam", "Aslan", "Ibragim" },
    { "Zarema", "Madina", "Petimat", "Kheda", "Luiza", "Aminat" },
    { "che" }, "rus", "C1",
    { "islam-sunnitisch:90", "keine-angabe:10" },
    FALSE, FALSE },
  { "261", 2,
    { "Diallo", "Barry", "Bah", "Camara", "Sow", "Condé", "Sylla" },
    { "Mamadou", "Alpha", "Ibrahima", "Ousmane", "Abdoulaye", "Amadou" },
    { "Mariama", "Fatoumata", "Kadiatou", "Aissatou", "Hawa" },
    { "ful" }, "fra", "B1",
    { "islam-sunnitisch:90", "keine-angabe:10" },
    FALSE, FALSE },
  { "459", 1,
    { "Abu-Salem", "Shaheen", "Najjar", "Odeh", "Barghouti", "Qasem" },
    { "Mahmoud", "Tariq", "Fadi", "Nasser", "Yazan" },
    { "Reem", "Dana", "Hala", "Lina", "Nadia" },
    { "ara" }, "eng", "B1",
    { "islam-sunnitisch:85", "christlich-orthodox:5", "keine-angabe:10" },
    FALSE, FALSE },
  { "997", 1,
    { "Sheikhmous", "Hemo", "Bakr", "Sino", "Ahmo" },
    { "Rezan", "Dilovan", "Shivan", "Azad", "Hozan" },
    { "Berivan", "Rojda", "Nesrin", "Viyan", "Jiyan" },
    { "kmr" }, "ara", "B2",
    { "islam-sunnitisch:60", "jesidisch:30", "keine-angabe:10" },
    FALSE, FALSE },
};

/* Municipalities of the Landkreis Breisgau-Hochschwarzwald (AGS 08315000). */
static const char * const demo_places[] = {
  "Müllheim", "Breisach am Rhein", "Titisee-Neustadt", "Bad Krozingen", "Staufen im Breisgau",
  "Kirchzarten", "Neuenburg am Rhein", "Heitersheim", "Ehrenkirchen", "Schallstadt", "Umkirch",
  "Gundelfingen", "March", "Ihringen", "Löffingen", "Lenzkirch", "Hinterzarten", "Merzhausen",
  "Bötzingen", "Hartheim am Rhein", "Stegen", "Auggen", "Vogtsburg im Kaiserstuhl", "Sulzburg",
  "Eichstetten am Kaiserstuhl", "Gottenheim", "Buggingen", "Oberried", "Badenweiler",
  "Pfaffenweiler", "Schluchsee", "Feldberg",
};

static const char * const demo_streets[] = {
  "Werderstraße", "Bahnhofstraße", "Hauptstraße", "Am Gewerbepark", "Industriestraße",
  "Schwarzwaldstraße", "Rheinstraße", "Kaiserstuhlstraße", "Lindenweg", "Mühlenweg",
  "Freiburger Straße", "Schulstraße", "Im Brühl", "Dorfstraße", "Markgrafenstraße",
  "Talstraße",
};

/* Professions as the office records them: the masculine and the feminine
 * form. */
static const struct { const char *m, *w; } demo_professions[] = {
  { "Bauingenieur", "Bauingenieurin" }, { "Krankenpfleger", "Krankenpflegerin" },
  { "Lehrer", "Lehrerin" }, { "Elektriker", "Elektrikerin" }, { "Schneider", "Schneiderin" },
  { "Koch", "Köchin" }, { "Landwirt", "Landwirtin" }, { "Kraftfahrer", "Kraftfahrerin" },
  { "Friseur", "Friseurin" }, { "Buchhalter", "Buchhalterin" }, { "Schweißer", "Schweißerin" },
  { "Arzt", "Ärztin" }, { "Verkäufer", "Verkäuferin" }, { "Mechaniker", "Mechanikerin" },
  { "Apotheker", "Apothekerin" }, { "Maurer", "Maurerin" }, { "Informatiker", "Informatikerin" },
  { "Bäcker", "Bäckerin" }, { "Tischler", "Tischlerin" }, { "Entbindungspfleger", "Hebamme" },
};
