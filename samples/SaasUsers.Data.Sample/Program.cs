Console.WriteLine("SaasUsers.Data sample: coming with the sample issue.");
