#include "tools/sim/names.hpp"

#include <array>

namespace fl::sim {
namespace {

using namespace std::string_view_literals;

// First names never contain a space: the participants CSV splits a name at its first space.
constexpr std::array female{
    "Emma"sv,     "Olivia"sv,   "Ava"sv,      "Sophia"sv,   "Isabella"sv, "Mia"sv,
    "Charlotte"sv, "Amelia"sv,  "Harper"sv,   "Evelyn"sv,   "Abigail"sv,  "Emily"sv,
    "Grace"sv,    "Chloe"sv,    "Hannah"sv,   "Sarah"sv,    "Rachel"sv,   "Megan"sv,
    "Aoife"sv,    "Siobhán"sv,  "Niamh"sv,    "Maria"sv,    "Lucía"sv,    "Carmen"sv,
    "Sofía"sv,    "Valentina"sv, "Camila"sv,  "Ana"sv,      "Beatriz"sv,  "Juliana"sv,
    "Léa"sv,      "Chloé"sv,    "Manon"sv,    "Camille"sv,  "Zoë"sv,      "Anna"sv,
    "Lena"sv,     "Katharina"sv, "Jana"sv,    "Giulia"sv,   "Chiara"sv,   "Francesca"sv,
    "Agnieszka"sv, "Katarzyna"sv, "Olga"sv,   "Tatiana"sv,  "Anastasia"sv, "Ingrid"sv,
    "Astrid"sv,   "Sigrid"sv,   "Freya"sv,    "Eleni"sv,    "Fatima"sv,   "Aisha"sv,
    "Layla"sv,    "Noor"sv,     "Yasmin"sv,   "Zeynep"sv,   "Elif"sv,     "Shirin"sv,
    "Priya"sv,    "Ananya"sv,   "Lakshmi"sv,  "Deepika"sv,  "Meera"sv,    "Mei"sv,
    "Xiu"sv,      "Li"sv,       "Yuki"sv,     "Sakura"sv,   "Haruka"sv,   "Ji-woo"sv,
    "Seo-yeon"sv, "Linh"sv,     "Thảo"sv,     "Maricel"sv,  "Chiamaka"sv, "Ngozi"sv,
    "Amara"sv,    "Adaeze"sv,   "Abebech"sv,  "Tigist"sv,   "Wanjiru"sv,  "Akosua"sv,
    "Nomvula"sv,  "Leilani"sv,  "Aroha"sv,    "Talia"sv,    "Miriam"sv,   "Noa"sv,
};
constexpr std::array male{
    "Liam"sv,     "Noah"sv,     "Oliver"sv,   "Elijah"sv,   "James"sv,    "William"sv,
    "Benjamin"sv, "Lucas"sv,    "Henry"sv,    "Jack"sv,     "Daniel"sv,   "Michael"sv,
    "David"sv,    "Thomas"sv,   "Patrick"sv,  "Seán"sv,     "Cian"sv,     "Owen"sv,
    "José"sv,     "Juan"sv,     "Carlos"sv,   "Mateo"sv,    "Diego"sv,    "Javier"sv,
    "João"sv,     "Pedro"sv,    "Rafael"sv,   "Thiago"sv,   "Louis"sv,    "Hugo"sv,
    "Théo"sv,     "Antoine"sv,  "Lukas"sv,    "Jonas"sv,    "Felix"sv,    "Matthias"sv,
    "Marco"sv,    "Luca"sv,     "Alessandro"sv, "Piotr"sv,  "Tomasz"sv,   "Jakub"sv,
    "Dmitri"sv,   "Sergei"sv,   "Ivan"sv,     "Øyvind"sv,   "Lars"sv,     "Erik"sv,
    "Björn"sv,    "Nikos"sv,    "Giorgos"sv,  "Mohammed"sv, "Ahmed"sv,    "Omar"sv,
    "Youssef"sv,  "Karim"sv,    "Mehmet"sv,   "Emre"sv,     "Arash"sv,    "Reza"sv,
    "Arjun"sv,    "Rahul"sv,    "Vikram"sv,   "Sanjay"sv,   "Ravi"sv,     "Wei"sv,
    "Jun"sv,      "Hao"sv,      "Haruto"sv,   "Kenji"sv,    "Takumi"sv,   "Min-jun"sv,
    "Ji-ho"sv,    "Minh"sv,     "Quang"sv,    "Paolo"sv,    "Chinedu"sv,  "Emeka"sv,
    "Oluwaseun"sv, "Kwame"sv,   "Kofi"sv,     "Tesfaye"sv,  "Haile"sv,    "Kipchoge"sv,
    "Thabo"sv,    "Sipho"sv,    "Tane"sv,     "Keoni"sv,    "Avi"sv,      "Eitan"sv,
};
constexpr std::array last{
    "Smith"sv,     "Johnson"sv,   "Williams"sv,  "Brown"sv,     "Jones"sv,     "Miller"sv,
    "Davis"sv,     "Wilson"sv,    "Taylor"sv,    "Anderson"sv,  "Thomas"sv,    "Moore"sv,
    "Martin"sv,    "Thompson"sv,  "White"sv,     "Clark"sv,     "Lewis"sv,     "Walker"sv,
    "Young"sv,     "King"sv,      "Wright"sv,    "Scott"sv,     "Green"sv,     "Baker"sv,
    "O'Brien"sv,   "O'Connor"sv,  "Murphy"sv,    "Kelly"sv,     "Byrne"sv,     "MacDonald"sv,
    "García"sv,    "Rodríguez"sv, "Martínez"sv,  "Hernández"sv, "López"sv,     "González"sv,
    "Pérez"sv,     "Sánchez"sv,   "Ramírez"sv,   "Torres"sv,    "Silva"sv,     "Santos"sv,
    "Oliveira"sv,  "Souza"sv,     "Costa"sv,     "De la Cruz"sv, "Dubois"sv,   "Lefèvre"sv,
    "Moreau"sv,    "Laurent"sv,   "Fournier"sv,  "Müller"sv,    "Schmidt"sv,   "Schneider"sv,
    "Fischer"sv,   "Weber"sv,     "Wagner"sv,    "Becker"sv,    "Rossi"sv,     "Russo"sv,
    "Ferrari"sv,   "Esposito"sv,  "Bianchi"sv,   "Romano"sv,    "van der Berg"sv, "de Vries"sv,
    "Jansen"sv,    "Nowak"sv,     "Kowalski"sv,  "Wiśniewski"sv, "Ivanov"sv,   "Petrov"sv,
    "Smirnova"sv,  "Novák"sv,     "Horváth"sv,   "Nagy"sv,      "Popescu"sv,   "Jensen"sv,
    "Nielsen"sv,   "Hansen"sv,    "Johansson"sv, "Lindqvist"sv, "Virtanen"sv,  "Papadopoulos"sv,
    "Yılmaz"sv,    "Kaya"sv,      "Demir"sv,     "Haddad"sv,    "Khalil"sv,    "Hassan"sv,
    "Mansour"sv,   "Rahimi"sv,    "Hosseini"sv,  "Cohen"sv,     "Levi"sv,      "Mizrahi"sv,
    "Patel"sv,     "Sharma"sv,    "Singh"sv,     "Kumar"sv,     "Gupta"sv,     "Iyer"sv,
    "Reddy"sv,     "Chowdhury"sv, "Rahman"sv,    "Khan"sv,      "Wang"sv,      "Li"sv,
    "Zhang"sv,     "Liu"sv,       "Chen"sv,      "Huang"sv,     "Zhao"sv,      "Wong"sv,
    "Sato"sv,      "Suzuki"sv,    "Takahashi"sv, "Tanaka"sv,    "Watanabe"sv,  "Kim"sv,
    "Lee"sv,       "Park"sv,      "Choi"sv,      "Nguyễn"sv,    "Trần"sv,      "Phạm"sv,
    "Santos"sv,    "Reyes"sv,     "Bautista"sv,  "Okafor"sv,    "Adeyemi"sv,   "Okonkwo"sv,
    "Mensah"sv,    "Asante"sv,    "Boateng"sv,   "Kiprop"sv,    "Kipchumba"sv, "Wanjiku"sv,
    "Otieno"sv,    "Tadesse"sv,   "Bekele"sv,    "Gebrselassie"sv, "Dlamini"sv, "Nkosi"sv,
    "Mahlangu"sv,  "Ngata"sv,     "Kahananui"sv, "Begay"sv,     "Yazzie"sv,    "Redcloud"sv,
};
constexpr std::array teams{
    "Harbour Harriers"sv,   "Lakeside Striders"sv, "Parkrun Regulars"sv,  "Hill Repeaters"sv,
    "Midnight Milers"sv,    "River Road Runners"sv, "Sole Sisters"sv,     "Tortoise & Hare AC"sv,
    "City Hospital Staff"sv, "Northside Joggers"sv, "PyCon Pythons"sv,    "Trail Goats"sv,
    "Fire Brigade No. 7"sv, "Couch to 5K, Spring"sv, "Old Boys AC"sv,     "Valley Vets"sv,
};

}  // namespace

std::span<const std::string_view> female_first_names() { return female; }
std::span<const std::string_view> male_first_names() { return male; }
std::span<const std::string_view> last_names() { return last; }
std::span<const std::string_view> team_names() { return teams; }

}  // namespace fl::sim
