using PreviewAccess.Bench;

// The load harness's helper: bench/run.sh calls one command at a time; wrk does the load itself.
//   seed        --connection <cs> --rep <user id> --admin <user id> --out <dir> [--organizations N] [--grants-per-organization N]
//   verify      --url <base> --key <api key> --targets <dir>/check-expected.tsv
//   propagation --write <base> | --write-sqlite <file>  --read <base> --key <api key> --targets <dir>/propagation.tsv [--changes N]
//   sqlite-copy --connection <cs> --sqlite <new file>   (the seeded program, copied into a new SQLite database)
//   sign-in     --url <https base> --certificate <pem> --email <e> [--check <path>]   (password on stdin; prints the Cookie header value)
//   partner     --connection <cs> --email <e>   (password on stdin; a partner owning one seeded organization)
var command = args.Length > 0 ? args[0] : string.Empty;
var options = Options.Parse(args.Skip(1));
try
{
    return command switch
    {
        "seed" => await Seeder.RunAsync(options),
        "verify" => await Verification.RunAsync(options),
        "propagation" => await Propagation.RunAsync(options),
        "sqlite-copy" => await SqliteCopy.RunAsync(options),
        "sign-in" => await StaffSignIn.RunAsync(options, Console.In),
        "partner" => await PartnerUser.RunAsync(options, Console.In),
        _ => Usage(),
    };
}
catch (BenchException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: PreviewAccess.Bench seed|verify|propagation|sqlite-copy|sign-in|partner --option value ...");
    return 2;
}
