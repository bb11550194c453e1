package org.ayni.demo;

import java.util.List;
import java.util.Map;

/**
 * Where the demo organisations' members live and produce: communities (caseríos, native
 * communities, districts) with approximate coordinates in the right regions of Peru, and the family
 * names common there.
 */
final class DemoPlaces {

  /** A community and its approximate centre (WGS 84). */
  record Place(String community, double latitude, double longitude) {}

  /** Communities per organisation code (base organisations, communities, or the organisation). */
  static final Map<String, List<Place>> COMMUNITIES =
      Map.ofEntries(
          Map.entry(
              "cepicafe-montero",
              List.of(
                  new Place("Montero", -4.6305, -79.8290),
                  new Place("Santa Rosa de Chonta", -4.6480, -79.8132),
                  new Place("Pueblo Nuevo", -4.6189, -79.8421))),
          Map.entry(
              "cepicafe-lalaquiz",
              List.of(
                  new Place("Lalaquiz", -5.2170, -79.6780),
                  new Place("Tunal", -5.2315, -79.6602),
                  new Place("Hualcas", -5.2032, -79.6915))),
          Map.entry(
              "cepicafe-canchaque",
              List.of(
                  new Place("Canchaque", -5.3745, -79.6058),
                  new Place("Palambla", -5.3901, -79.6210),
                  new Place("Coca", -5.3587, -79.5904))),
          Map.entry(
              "cepicafe-chulucanas",
              List.of(
                  new Place("Pampa de los Silva", -5.0921, -80.1612),
                  new Place("Vicús", -5.1302, -80.1780),
                  new Place("Yapatera", -5.0742, -80.1455),
                  new Place("La Encantada", -5.1203, -80.1237))),
          Map.entry(
              "cepicafe-buenos-aires",
              List.of(
                  new Place("Buenos Aires", -5.2612, -79.9687),
                  new Place("La Guayaba", -5.2489, -79.9510),
                  new Place("Malacasí", -5.2790, -79.9843))),
          Map.entry(
              "cepicafe-salitral",
              List.of(
                  new Place("Salitral", -5.3403, -79.8320),
                  new Place("Serrán", -5.3552, -79.8174),
                  new Place("Huapalas", -5.3260, -79.8451))),
          Map.entry(
              "cepicafe-santa-catalina",
              List.of(
                  new Place("Santa Catalina de Mossa", -5.1027, -79.8860),
                  new Place("Paltashaco", -5.1172, -79.8702))),
          Map.entry(
              "cepicafe-la-quemazon",
              List.of(
                  new Place("La Quemazón", -5.1830, -79.9312),
                  new Place("Pueblo Libre", -5.1976, -79.9170))),
          Map.entry(
              "cepicafe-frias",
              List.of(
                  new Place("Frías", -4.9310, -79.8490),
                  new Place("Pariguanás", -4.9454, -79.8335),
                  new Place("Culucán", -4.9168, -79.8642))),
          Map.entry(
              "agroandino-san-pablo",
              List.of(
                  new Place("San Pablo", -7.1176, -78.8234),
                  new Place("Tumbadén", -7.0401, -78.7402),
                  new Place("San Bernardino", -7.1690, -78.8290))),
          Map.entry(
              "agroandino-celendin",
              List.of(
                  new Place("Celendín", -6.8660, -78.1450),
                  new Place("Sucre", -6.9383, -78.1385),
                  new Place("José Gálvez", -6.9244, -78.1320))),
          Map.entry(
              "agroandino-cajabamba",
              List.of(
                  new Place("Cajabamba", -7.6238, -78.0459),
                  new Place("Condebamba", -7.5760, -78.0580),
                  new Place("Cachachi", -7.4490, -78.2700))),
          Map.entry("citeindigena-calleria", List.of(new Place("Callería", -8.0290, -74.6330))),
          Map.entry("citeindigena-roya", List.of(new Place("Roya", -8.1960, -74.5150))),
          Map.entry(
              "citeindigena-pueblo-nuevo",
              List.of(new Place("Pueblo Nuevo del Caco", -8.1510, -74.4030))),
          Map.entry(
              "citeindigena-curiaca", List.of(new Place("Curiaca del Caco", -8.2165, -74.3820))),
          Map.entry(
              "citeindigena-nuevo-saposoa", List.of(new Place("Nuevo Saposoa", -7.9820, -74.7110))),
          Map.entry(
              "royal-knit",
              List.of(
                  new Place("Ocongate", -13.6285, -71.3870),
                  new Place("Tinki", -13.6590, -71.4250),
                  new Place("Lampa", -15.3640, -70.3660),
                  new Place("Pucará", -15.0430, -70.3670))),
          Map.entry(
              "red-social-virgen-carmen",
              List.of(
                  new Place("Chalhuanca", -14.2950, -73.2440),
                  new Place("Cotaruse", -14.4150, -73.2010))),
          Map.entry(
              "red-social-santa-rosa",
              List.of(
                  new Place("Chala", -15.8560, -74.2480), new Place("Atico", -16.2090, -73.6130))),
          Map.entry(
              "red-social-nueva-esperanza",
              List.of(
                  new Place("Chuquibamba", -15.8390, -72.6490),
                  new Place("Yanaquihua", -15.7820, -72.8810))));

  /** Family names common where each organisation works. */
  static final Map<String, List<String>> FAMILY_NAMES =
      Map.of(
          "cepicafe",
              List.of(
                  "Yovera",
                  "Chunga",
                  "Zapata",
                  "Castillo",
                  "Jiménez",
                  "Sosa",
                  "Ramírez",
                  "Chumacero",
                  "Yarlequé",
                  "Silupú",
                  "Nima",
                  "Ipanaqué",
                  "Sernaqué",
                  "Querevalú",
                  "García",
                  "Córdova",
                  "Carrasco",
                  "Peña",
                  "Vilela",
                  "Alberca",
                  "Lizana",
                  "Facundo",
                  "Tume",
                  "Huamán"),
          "agroandino",
              List.of(
                  "Chávez",
                  "Vásquez",
                  "Rojas",
                  "Cueva",
                  "Huamán",
                  "Llanos",
                  "Mendoza",
                  "Terrones",
                  "Aquino",
                  "Cabrera",
                  "Sánchez",
                  "Mego",
                  "Quiliche",
                  "Tasilla",
                  "Chuquilín",
                  "Alcántara"),
          "citeindigena",
              List.of(
                  "Rengifo",
                  "Pacaya",
                  "Mozombite",
                  "Ahuanari",
                  "Sánchez",
                  "Valera",
                  "Urquía",
                  "Cauper",
                  "Inuma",
                  "Fasabi",
                  "Sebastián",
                  "Maynas",
                  "Panduro",
                  "Amasifuén",
                  "Sinarahua"),
          "royal-knit",
              List.of(
                  "Mamani",
                  "Quispe",
                  "Condori",
                  "Huamán",
                  "Ccori",
                  "Apaza",
                  "Choque",
                  "Cutipa",
                  "Turpo",
                  "Yupanqui",
                  "Ccallo",
                  "Huillca",
                  "Hancco",
                  "Pacco",
                  "Layme"),
          "red-social",
              List.of(
                  "Huamaní",
                  "Ccahuana",
                  "Palomino",
                  "Gutiérrez",
                  "Cárdenas",
                  "Huaraca",
                  "Taipe",
                  "Oscco",
                  "Pillaca",
                  "Salazar",
                  "Quispe",
                  "Soto",
                  "Ayvar",
                  "Chipana"));

  static final List<String> WOMEN =
      List.of(
          "María",
          "Rosa",
          "Juana",
          "Carmen",
          "Elena",
          "Lucía",
          "Nilda",
          "Rufina",
          "Santos",
          "Teresa",
          "Gladys",
          "Yolanda",
          "Marleni",
          "Flor",
          "Delia",
          "Norma",
          "Celia",
          "Isabel",
          "Jesús",
          "Ruth",
          "Marisol",
          "Olinda",
          "Sabina",
          "Victoria");

  static final List<String> MEN =
      List.of(
          "José",
          "Juan",
          "Julio",
          "Santos",
          "Pedro",
          "Segundo",
          "Manuel",
          "Wilmer",
          "Hernán",
          "Óscar",
          "Luis",
          "Víctor",
          "Aurelio",
          "Teodoro",
          "Eusebio",
          "Alejandro",
          "Francisco",
          "Elmer",
          "Nolberto",
          "César",
          "Rolando",
          "Héctor",
          "Fidel",
          "Marcelino");

  private DemoPlaces() {}
}
