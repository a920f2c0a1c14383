package io.backstop.catalog.seed;

import static io.backstop.catalog.api.CatalogSchema.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.bson.Document;

import io.backstop.outbox.CatalogWriter;

/** A deterministic, plausible tuning catalog: 24 brands, 7 models each, 4 engines per model, 1-3 stages. */
final class DemoCatalog {

    record Brand(String name, String country, int founded, List<String> models) {}

    private record Template(String name, String fuel, int hp, int nm, int cc, int cylinders) {}

    static final List<Brand> BRANDS = List.of(
            new Brand("Audi", "DE", 1909, List.of("A1", "A3", "A4", "A6", "Q3", "Q5", "TT")),
            new Brand("BMW", "DE", 1916, List.of("1 Series", "3 Series", "5 Series", "X1", "X3", "X5", "Z4")),
            new Brand(
                    "Mercedes-Benz",
                    "DE",
                    1926,
                    List.of("A-Class", "C-Class", "E-Class", "GLA", "GLC", "GLE", "Sprinter")),
            new Brand(
                    "Volkswagen",
                    "DE",
                    1937,
                    List.of("Polo", "Golf", "Passat", "Tiguan", "Touareg", "T-Roc", "Transporter")),
            new Brand(
                    "Porsche",
                    "DE",
                    1931,
                    List.of("911", "Boxster", "Cayman", "Cayenne", "Macan", "Panamera", "Taycan")),
            new Brand(
                    "Opel",
                    "DE",
                    1862,
                    List.of("Corsa", "Astra", "Insignia", "Mokka", "Grandland", "Zafira", "Vivaro")),
            new Brand("Skoda", "CZ", 1895, List.of("Fabia", "Scala", "Octavia", "Superb", "Kamiq", "Karoq", "Kodiaq")),
            new Brand(
                    "Seat", "ES", 1950, List.of("Ibiza", "Leon", "Arona", "Ateca", "Tarraco", "Alhambra", "Formentor")),
            new Brand(
                    "Renault",
                    "FR",
                    1899,
                    List.of("Clio", "Megane", "Captur", "Kadjar", "Talisman", "Trafic", "Master")),
            new Brand("Peugeot", "FR", 1810, List.of("208", "308", "508", "2008", "3008", "5008", "Partner")),
            new Brand("Citroen", "FR", 1919, List.of("C3", "C4", "C5 Aircross", "Berlingo", "Jumpy", "Jumper", "DS4")),
            new Brand("Fiat", "IT", 1899, List.of("500", "Panda", "Tipo", "500X", "Doblo", "Ducato", "124 Spider")),
            new Brand(
                    "Alfa Romeo",
                    "IT",
                    1910,
                    List.of("Giulietta", "Giulia", "Stelvio", "Tonale", "MiTo", "159", "Brera")),
            new Brand("Volvo", "SE", 1927, List.of("V40", "V60", "V90", "S60", "XC40", "XC60", "XC90")),
            new Brand("Ford", "US", 1903, List.of("Fiesta", "Focus", "Mondeo", "Kuga", "Puma", "Ranger", "Transit")),
            new Brand(
                    "Toyota",
                    "JP",
                    1937,
                    List.of("Yaris", "Corolla", "Camry", "C-HR", "RAV4", "Hilux", "Land Cruiser")),
            new Brand("Honda", "JP", 1948, List.of("Jazz", "Civic", "Accord", "HR-V", "CR-V", "NSX", "e")),
            new Brand("Mazda", "JP", 1920, List.of("2", "3", "6", "CX-3", "CX-30", "CX-5", "MX-5")),
            new Brand("Nissan", "JP", 1933, List.of("Micra", "Juke", "Qashqai", "X-Trail", "Navara", "370Z", "Leaf")),
            new Brand("Hyundai", "KR", 1967, List.of("i10", "i20", "i30", "Tucson", "Santa Fe", "Kona", "Ioniq 5")),
            new Brand("Kia", "KR", 1944, List.of("Picanto", "Rio", "Ceed", "Sportage", "Sorento", "Stinger", "EV6")),
            new Brand(
                    "Land Rover",
                    "GB",
                    1948,
                    List.of(
                            "Defender",
                            "Discovery",
                            "Discovery Sport",
                            "Evoque",
                            "Velar",
                            "Range Rover",
                            "Range Rover Sport")),
            new Brand(
                    "Mini",
                    "GB",
                    1959,
                    List.of("Hatch", "Clubman", "Countryman", "Paceman", "Cabrio", "Coupe", "Electric")),
            new Brand(
                    "Jeep",
                    "US",
                    1941,
                    List.of("Renegade", "Compass", "Cherokee", "Grand Cherokee", "Wrangler", "Gladiator", "Avenger")));

    private static final List<Template> ENGINES = List.of(
            new Template("1.0 TSI 110", "petrol", 110, 200, 999, 3),
            new Template("1.4 Turbo 150", "petrol", 150, 250, 1395, 4),
            new Template("1.5 TSI 150", "petrol", 150, 250, 1498, 4),
            new Template("2.0 Turbo 245", "petrol", 245, 370, 1984, 4),
            new Template("3.0 V6 Turbo 340", "petrol", 340, 500, 2995, 6),
            new Template("1.6 Diesel 115", "diesel", 115, 280, 1598, 4),
            new Template("2.0 Diesel 150", "diesel", 150, 340, 1968, 4),
            new Template("2.0 BiTurbo Diesel 240", "diesel", 240, 500, 1968, 4),
            new Template("3.0 V6 Diesel 286", "diesel", 286, 620, 2967, 6),
            new Template("1.8 Hybrid 122", "hybrid", 122, 142, 1798, 4),
            new Template("2.5 Plug-in Hybrid 306", "hybrid", 306, 450, 2487, 4),
            new Template("Electric 204", "electric", 204, 310, 0, 0),
            new Template("Dual Motor Electric 408", "electric", 408, 660, 0, 0));

    private static final int[][] STAGE_GAIN = {{18, 22, 399}, {30, 35, 749}, {45, 50, 1490}};

    /** Everything to write, parents first: collection -> (id -> business fields). */
    static Map<String, Map<String, Document>> generate() {
        Random random = new Random(20261126L);
        Map<String, Document> brands = new LinkedHashMap<>();
        Map<String, Document> models = new LinkedHashMap<>();
        Map<String, Document> engines = new LinkedHashMap<>();
        int brandPosition = 0;
        for (Brand brand : BRANDS) {
            String brandId = CatalogWriter.newId();
            brands.put(
                    brandId,
                    new Document(NAME, brand.name())
                            .append(COUNTRY, brand.country())
                            .append(FOUNDED, brand.founded())
                            .append(POSITION, brandPosition++));
            int modelPosition = 0;
            for (String model : brand.models()) {
                String modelId = CatalogWriter.newId();
                int yearFrom = 2008 + random.nextInt(12);
                Document m = new Document(BRAND_ID, brandId).append(NAME, model).append(YEAR_FROM, yearFrom);
                if (random.nextInt(3) == 0) {
                    m.append(YEAR_TO, yearFrom + 4 + random.nextInt(5));
                }
                models.put(modelId, m.append(POSITION, modelPosition++));
                List<Template> pool = new ArrayList<>(ENGINES);
                for (int e = 0; e < 4; e++) {
                    Template t = pool.remove(random.nextInt(pool.size()));
                    engines.put(CatalogWriter.newId(), engine(modelId, t, e, random));
                }
            }
        }
        Map<String, Map<String, Document>> all = new LinkedHashMap<>();
        all.put("brands", brands);
        all.put("models", models);
        all.put("engines", engines);
        return all;
    }

    private static Document engine(String modelId, Template t, int position, Random random) {
        int stageCount = "electric".equals(t.fuel()) ? 1 : 1 + random.nextInt(3);
        List<Document> stages = new ArrayList<>();
        for (int s = 0; s < stageCount; s++) {
            int[] gain = STAGE_GAIN[s];
            stages.add(new Document(STAGE, s + 1)
                    .append(POWER_HP, t.hp() * (100 + gain[0]) / 100)
                    .append(TORQUE_NM, t.nm() * (100 + gain[1]) / 100)
                    .append(PRICE_EUR, gain[2]));
        }
        Document d = new Document(MODEL_ID, modelId)
                .append(NAME, t.name())
                .append(FUEL, t.fuel())
                .append(POWER_HP, t.hp())
                .append(TORQUE_NM, t.nm())
                .append(DISPLACEMENT_CC, t.cc());
        if (t.cylinders() > 0) {
            d.append(CYLINDERS, t.cylinders());
        }
        return d.append(STAGES, stages).append(POSITION, position);
    }

    private DemoCatalog() {}
}
