// The benchmark workload (benchmarks/run.py) as an ink story, for the bink runtime.
// Ink has no text input: the adapter (benchmarks/peers/bink_peer.py) puts each answer in
// `answer` (and `said`, trimmed and lower-cased, for the yes/no branch) and takes the one
// choice. coaching.ink.json is this file compiled with inkjs-compiler 2.4.0 (npm inkjs);
// recompile it after any change: npx inkjs-compiler coaching.ink -o coaching.ink.json
VAR answer = ""
VAR said = ""
VAR area = ""
VAR now = ""
VAR goal = ""
VAR why = ""
VAR tried = false
VAR tried_what = ""
VAR first_try = ""
VAR n = 1
VAR step1 = ""
VAR step2 = ""
VAR step3 = ""
VAR when1 = ""
VAR when2 = ""
VAR when3 = ""
VAR barrier = ""
VAR plan = ""
VAR support = ""
VAR helped = ""
VAR review = ""
VAR celebrate = ""
VAR word = ""

-> ask_area

=== ask_area ===
Which part of your life would you like to work on?
+ [answer]
    ~ area = answer
    -> ask_now

=== ask_now ===
How are things with {area} right now?
+ [answer]
    ~ now = answer
    -> ask_goal

=== ask_goal ===
What would you like to achieve?
+ [answer]
    ~ goal = answer
    -> ask_why

=== ask_why ===
Why does that matter to you?
+ [answer]
    ~ why = answer
    -> ask_tried

=== ask_tried ===
Have you tried something like this before? (yes or no)
+ [answer]
    {
    - said == "yes" || said == "y":
        ~ tried = true
        -> ask_tried_what
    - said == "no" || said == "n":
        ~ tried = false
        -> ask_first_try
    - else:
        -> ask_tried
    }

=== ask_tried_what ===
What did you try, and what did you learn from it?
+ [answer]
    ~ tried_what = answer
    -> ask_step

=== ask_first_try ===
What would make a first try easier?
+ [answer]
    ~ first_try = answer
    -> ask_step

=== ask_step ===
What is step {n}?
+ [answer]
    {
    - n == 1: ~ step1 = answer
    - n == 2: ~ step2 = answer
    - else: ~ step3 = answer
    }
    -> ask_step_when

=== ask_step_when ===
When will you do step {n}?
+ [answer]
    {
    - n == 1: ~ when1 = answer
    - n == 2: ~ when2 = answer
    - else: ~ when3 = answer
    }
    ~ n = n + 1
    { n <= 3: -> ask_step }
    -> ask_barrier

=== ask_barrier ===
What might get in the way?
+ [answer]
    ~ barrier = answer
    -> ask_plan

=== ask_plan ===
What could you do if that happens?
+ [answer]
    ~ plan = answer
    -> ask_support

=== ask_support ===
Who could support you?
+ [answer]
    ~ support = answer
    -> ask_helped

=== ask_helped ===
What has helped you before when things got hard?
+ [answer]
    ~ helped = answer
    -> ask_review

=== ask_review ===
When would you like to look back at how it went?
+ [answer]
    ~ review = answer
    -> ask_celebrate

=== ask_celebrate ===
How will you mark it when you have done it?
+ [answer]
    ~ celebrate = answer
    -> ask_word

=== ask_word ===
In one word, how do you feel about this plan?
+ [answer]
    ~ word = answer
    -> summary

=== summary ===
Thank you. Here is your plan.
\- Area: {area}
\- Right now: {now}
\- Goal: {goal}
\- Why it matters: {why}
{tried:
    \- Tried before: {tried_what}
- else:
    \- A first try would be easier with: {first_try}
}
\- Step 1: {step1} ({when1})
\- Step 2: {step2} ({when2})
\- Step 3: {step3} ({when3})
\- In the way: {barrier}
\- If it does: {plan}
\- Support: {support}
\- What helped before: {helped}
\- Look back: {review}
\- Celebrate: {celebrate}
\- Feeling: {word}
-> END
