// Embedded reference lists for the demo warehouse: names, streets and US cities with matching states, ZIPs and area codes.

/** Splits a comma-separated list; commas (not spaces) separate because some surnames contain spaces. */
const list = (text: string): readonly string[] =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

export const FIRST_NAMES = list(`
  James, Mary, Robert, Patricia, John, Jennifer, Michael, Linda, David, Elizabeth, William, Barbara, Richard, Susan,
  Joseph, Jessica, Thomas, Sarah, Charles, Karen, Christopher, Lisa, Daniel, Nancy, Matthew, Betty, Anthony, Margaret,
  Mark, Sandra, Donald, Ashley, Steven, Kimberly, Paul, Emily, Andrew, Donna, Joshua, Michelle, Kenneth, Carol, Kevin,
  Amanda, Brian, Dorothy, George, Melissa, Timothy, Deborah, Ronald, Stephanie, Edward, Rebecca, Jason, Sharon,
  Jeffrey, Laura, Ryan, Cynthia, Jacob, Kathleen, Gary, Amy, Nicholas, Angela, Eric, Shirley, Jonathan, Anna, Stephen,
  Brenda, Larry, Pamela, Justin, Emma, Scott, Nicole, Brandon, Helen, Benjamin, Samantha, Samuel, Katherine, Gregory,
  Christine, Alexander, Debra, Frank, Rachel, Patrick, Carolyn, Raymond, Janet, Jack, Catherine, Dennis, Maria, Jerry,
  Heather, Tyler, Diane, Aaron, Ruth, José, Julie, Adam, Olivia, Nathan, Joyce, Henry, Virginia, Douglas, Victoria,
  Zachary, Kelly, Peter, Lauren, Kyle, Christina, Ethan, Joan, Walter, Evelyn, Noah, Judith, Jeremy, Megan, Christian,
  Andrea, Keith, Cheryl, Roger, Hannah, Terry, Jacqueline, Gerald, Martha, Harold, Gloria, Sean, Teresa, Austin, Ann,
  Carl, Sara, Arthur, Madison, Lawrence, Frances, Dylan, Kathryn, Jesse, Janice, Jordan, Jean, Bryan, Abigail, Billy,
  Alice, Joe, Judy, Bruce, Sophia, Gabriel, Grace, Logan, Denise, Albert, Amber, Willie, Doris, Alan, Marilyn, Juan,
  Danielle, Wayne, Beverly, Elijah, Isabella, Randy, Theresa, Roy, Diana, Vincent, Natalie, Ralph, Brittany, Eugene,
  Charlotte, Russell, Marie, Bobby, Kayla, Mason, Alexis, Philip, Lori, Louis, Ava, Mateo, Camila, Santiago, Valentina,
  Diego, Lucia, Alejandro, Ximena, Javier, Sofia, Carlos, Mariana, Miguel, Gabriela, Luis, Daniela, Andres, Paula, Wei,
  Mei, Jun, Lian, Hao, Xiu, Yusuf, Fatima, Omar, Aisha, Ahmed, Layla, Hassan, Zainab, Ali, Noor, Kwame, Amara, Kofi,
  Ama, Chinedu, Ngozi, Oluwaseun, Adaeze, Tendai, Thandiwe, Arjun, Priya, Rohan, Ananya, Vikram, Kavya, Rahul, Deepa,
  Sanjay, Meera, Hiroshi, Yuki, Kenji, Aiko, Takeshi, Sakura, Minh, Linh, Quang, Thao, Jin, Hana, Min-jun, Seo-yeon,
  Dmitri, Anastasia, Ivan, Katya, Mikhail, Olga, Lars, Ingrid, Sven, Astrid, Mateus, Beatriz, João, Letícia, Tariq,
  Yasmin, Kai, Leilani, Malia, Keanu, Nalani, Ezra, Miriam, Levi, Naomi, Eli, Talia, Finn, Saoirse, Cian, Niamh, Rhys,
  Carys, Pierre, Amélie, Luc, Chloé, Zoë, Renée, André, Inés, Dariusz, Agnieszka, Tomasz, Zofia, Nikos, Eleni, Giorgos,
  Chiara, Luca, Giulia, Marco, Francesca
`);

export const LAST_NAMES = list(`
  Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Hernandez, Lopez, Gonzalez,
  Wilson, Anderson, Thomas, Taylor, Moore, Jackson, Martin, Lee, Perez, Thompson, White, Harris, Sanchez, Clark,
  Ramirez, Lewis, Robinson, Walker, Young, Allen, King, Wright, Scott, Torres, Nguyen, Hill, Flores, Green, Adams,
  Nelson, Baker, Hall, Rivera, Campbell, Mitchell, Carter, Roberts, Gomez, Phillips, Evans, Turner, Diaz, Parker, Cruz,
  Edwards, Collins, Reyes, Stewart, Morris, Morales, Murphy, Cook, Rogers, Gutierrez, Ortiz, Morgan, Cooper, Peterson,
  Bailey, Reed, Kelly, Howard, Ramos, Kim, Cox, Ward, Richardson, Watson, Brooks, Chavez, Wood, James, Bennett, Gray,
  Mendoza, Ruiz, Hughes, Price, Alvarez, Castillo, Sanders, Patel, Myers, Long, Ross, Foster, Jimenez, Powell, Jenkins,
  Perry, Russell, Sullivan, Bell, Coleman, Butler, Henderson, Barnes, Gonzales, Fisher, Vasquez, Simmons, Romero,
  Jordan, Patterson, Alexander, Hamilton, Graham, Reynolds, Griffin, Wallace, Moreno, West, Cole, Hayes, Bryant,
  Herrera, Gibson, Ellis, Tran, Medina, Aguilar, Stevens, Murray, Ford, Castro, Marshall, Owens, Harrison, Fernandez,
  McDonald, Woods, Washington, Kennedy, Wells, Vargas, Henry, Chen, Freeman, Webb, Tucker, Guzman, Burns, Crawford,
  Olson, Simpson, Porter, Hunter, Gordon, Mendez, Silva, Shaw, Snyder, Mason, Dixon, Muñoz, Hunt, Hicks, Holmes,
  Palmer, Wagner, Black, Robertson, Boyd, Rose, Stone, Salazar, Fox, Warren, Mills, Meyer, Rice, Schmidt, Garza,
  Daniels, Ferguson, Nichols, Stephens, Soto, Weaver, Ryan, Gardner, Payne, Grant, Dunn, Kelley, Spencer, Hawkins,
  Arnold, Pierce, Vazquez, Hansen, Peters, Santos, Hart, Bradley, Knight, Elliott, Cunningham, Duncan, Armstrong,
  Hudson, Carroll, Lane, Riley, Andrews, Alvarado, Ray, Delgado, Berry, Perkins, Hoffman, Johnston, Matthews, Peña,
  Richards, Contreras, Willis, Carpenter, Lawrence, Sandoval, Wang, Li, Zhang, Liu, Huang, Wu, Zhou, Xu, Sun, Ma,
  Yamamoto, Tanaka, Watanabe, Suzuki, Sato, Nakamura, Kobayashi, Park, Choi, Jung, Kang, Cho, Yoon, Pham, Hoang, Phan,
  Vu, Dang, Bui, Shah, Singh, Kumar, Gupta, Sharma, Mehta, Reddy, Iyer, Das, Chowdhury, Khan, Ahmed, Hussain, Rahman,
  Malik, Haddad, Khalil, Nasser, Okafor, Adeyemi, Mensah, Osei, Owusu, Nwosu, Eze, Abiodun, Mwangi, Kamau, Otieno,
  Dlamini, Ndlovu, Cohen, Levy, Friedman, Katz, Goldberg, Schwartz, Rosen, Kowalski, Nowak, Wisniewski, Ivanov, Petrov,
  Sokolov, Popescu, Novak, Horvat, Papadopoulos, Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Ricci, Costa,
  Oliveira, Pereira, Almeida, Carvalho, Müller, Schneider, Fischer, Becker, Larsen, Johansson, Lindqvist, Nielsen,
  Dubois, Laurent, Lefebvre, Moreau, O'Brien, O'Connor, O'Neill, Murphy-Quinn, Kealoha, Kahananui, Begay, Yazzie,
  Tsosie, Blackwater, De La Cruz, Van Buren, St. Clair, MacLeod, Fitzgerald, Núñez
`);

export const STREET_NAMES = list(`
  Main, Oak, Pine, Maple, Cedar, Elm, Washington, Lake, Hill, Park, Walnut, Sunset, Lincoln, Jefferson, Madison,
  Franklin, Highland, Willow, Chestnut, Spruce, Ridge, River, Church, Mill, Center, Union, Spring, Valley, Forest,
  Meadow, Broad, Market, Front, Water, Harbor, Bay, Grove, Magnolia, Dogwood, Laurel, Sycamore, Poplar, Hickory,
  Jackson, Adams, Monroe, Kennedy, King, Mission, Vista, Canyon, Mesa, Sierra, Aspen, Birch, Juniper, Cypress,
  Locust, College, Academy, Garden, Orchard, Prospect, Pleasant, Fairview, Belmont, Summit, Liberty, Independence
`);

export const STREET_SUFFIXES = list("St, Ave, Blvd, Rd, Dr, Ln, Way, Ct, Pl, Ter");

export interface DemoCity {
  /** Stable across seeds so dashboards and tests can name a city. */
  id: string;
  name: string;
  state: string;
  /** Inclusive range of 5-digit ZIP codes that belong to the city. */
  zipFrom: number;
  zipTo: number;
  areaCodes: readonly number[];
  /** Relative share of people and bookings. */
  weight: number;
}

export const DEMO_CITIES: readonly DemoCity[] = [
  { id: "cty_nyc", name: "New York", state: "NY", zipFrom: 10001, zipTo: 10282, areaCodes: [212, 646, 917], weight: 14 },
  { id: "cty_lax", name: "Los Angeles", state: "CA", zipFrom: 90001, zipTo: 90089, areaCodes: [213, 310, 323], weight: 12 },
  { id: "cty_chi", name: "Chicago", state: "IL", zipFrom: 60601, zipTo: 60661, areaCodes: [312, 773], weight: 7 },
  { id: "cty_hou", name: "Houston", state: "TX", zipFrom: 77002, zipTo: 77099, areaCodes: [713, 832], weight: 5 },
  { id: "cty_phx", name: "Phoenix", state: "AZ", zipFrom: 85003, zipTo: 85054, areaCodes: [602, 480], weight: 3 },
  { id: "cty_phl", name: "Philadelphia", state: "PA", zipFrom: 19102, zipTo: 19154, areaCodes: [215, 267], weight: 3 },
  { id: "cty_sat", name: "San Antonio", state: "TX", zipFrom: 78201, zipTo: 78266, areaCodes: [210], weight: 2 },
  { id: "cty_san", name: "San Diego", state: "CA", zipFrom: 92101, zipTo: 92154, areaCodes: [619, 858], weight: 3 },
  { id: "cty_dal", name: "Dallas", state: "TX", zipFrom: 75201, zipTo: 75254, areaCodes: [214, 469], weight: 4 },
  { id: "cty_aus", name: "Austin", state: "TX", zipFrom: 78701, zipTo: 78759, areaCodes: [512, 737], weight: 4 },
  { id: "cty_sjc", name: "San Jose", state: "CA", zipFrom: 95110, zipTo: 95139, areaCodes: [408, 669], weight: 2 },
  { id: "cty_sfo", name: "San Francisco", state: "CA", zipFrom: 94102, zipTo: 94134, areaCodes: [415, 628], weight: 6 },
  { id: "cty_sea", name: "Seattle", state: "WA", zipFrom: 98101, zipTo: 98199, areaCodes: [206], weight: 4 },
  { id: "cty_den", name: "Denver", state: "CO", zipFrom: 80202, zipTo: 80249, areaCodes: [303, 720], weight: 3 },
  { id: "cty_was", name: "Washington", state: "DC", zipFrom: 20001, zipTo: 20037, areaCodes: [202], weight: 3 },
  { id: "cty_bos", name: "Boston", state: "MA", zipFrom: 2108, zipTo: 2137, areaCodes: [617, 857], weight: 3 },
  { id: "cty_bna", name: "Nashville", state: "TN", zipFrom: 37201, zipTo: 37221, areaCodes: [615, 629], weight: 3 },
  { id: "cty_pdx", name: "Portland", state: "OR", zipFrom: 97201, zipTo: 97239, areaCodes: [503, 971], weight: 2 },
  { id: "cty_las", name: "Las Vegas", state: "NV", zipFrom: 89101, zipTo: 89149, areaCodes: [702, 725], weight: 3 },
  { id: "cty_atl", name: "Atlanta", state: "GA", zipFrom: 30303, zipTo: 30350, areaCodes: [404, 470], weight: 4 },
  { id: "cty_mia", name: "Miami", state: "FL", zipFrom: 33125, zipTo: 33199, areaCodes: [305, 786], weight: 5 },
  { id: "cty_msp", name: "Minneapolis", state: "MN", zipFrom: 55401, zipTo: 55455, areaCodes: [612], weight: 2 },
  { id: "cty_msy", name: "New Orleans", state: "LA", zipFrom: 70112, zipTo: 70131, areaCodes: [504], weight: 2 },
  { id: "cty_dtw", name: "Detroit", state: "MI", zipFrom: 48201, zipTo: 48243, areaCodes: [313], weight: 2 },
  { id: "cty_slc", name: "Salt Lake City", state: "UT", zipFrom: 84101, zipTo: 84121, areaCodes: [801, 385], weight: 1 },
  { id: "cty_clt", name: "Charlotte", state: "NC", zipFrom: 28202, zipTo: 28277, areaCodes: [704, 980], weight: 2 },
  { id: "cty_cmh", name: "Columbus", state: "OH", zipFrom: 43201, zipTo: 43235, areaCodes: [614, 380], weight: 2 },
  { id: "cty_mci", name: "Kansas City", state: "MO", zipFrom: 64101, zipTo: 64158, areaCodes: [816], weight: 1 },
  { id: "cty_pit", name: "Pittsburgh", state: "PA", zipFrom: 15201, zipTo: 15243, areaCodes: [412], weight: 1 },
  { id: "cty_hnl", name: "Honolulu", state: "HI", zipFrom: 96813, zipTo: 96826, areaCodes: [808], weight: 1 },
  { id: "cty_mco", name: "Orlando", state: "FL", zipFrom: 32801, zipTo: 32839, areaCodes: [407, 689], weight: 2 },
];
